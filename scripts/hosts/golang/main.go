// Command pulumi-language-go is the project's own Go language host for the Pulumi engine.
//
// It runs a program the way upstream's host (github.com/pulumi/pulumi/sdk/go/pulumi-language-go,
// refused by the module proxy here) does: `go build -buildvcs=false -o <temp file> -trimpath
// -ldflags "-w -s"` in the program folder (module mode: the program's go.mod decides the SDK's
// version), then the binary runs in the engine's working folder with the run's settings in the
// environment the Go SDK's pulumi.Run reads: PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT,
// PULUMI_STACK, PULUMI_ORGANIZATION, PULUMI_ROOT_DIRECTORY, PULUMI_CONFIG,
// PULUMI_CONFIG_SECRET_KEYS, PULUMI_DRY_RUN and PULUMI_PARALLEL.
//
// Runtime options of Pulumi.yaml, as upstream: `binary` (run this prebuilt program instead of
// building one) and `buildTarget` (build to this path and keep it); not both.
// InstallDependencies (`pulumi install`) runs `go mod tidy`. Not supported: debugging, plugins
// written in Go (RunPlugin), code generation. GetRequiredPackages reports none (the engine loads a
// provider when the program first uses it).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/pulumi-trtc/hosts/internal/hostkit"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.0.0"

type host struct {
	hostkit.Base
}

func main() {
	h := &host{Base: hostkit.Base{Name: "pulumi-language-go", Version: version}}
	hostkit.Serve(&h.Base, h)
}

// options are the runtime options of Pulumi.yaml this host understands.
type options struct {
	binary      string
	buildTarget string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	raw := info.GetOptions().AsMap()
	binary, err := hostkit.StringOption(raw, "binary")
	if err != nil {
		return options{}, err
	}
	target, err := hostkit.StringOption(raw, "buildTarget")
	if err != nil {
		return options{}, err
	}
	if binary != "" && target != "" {
		return options{}, errors.New(
			"runtime.options.binary and runtime.options.buildTarget in Pulumi.yaml cannot both be set: keep one")
	}
	return options{binary: binary, buildTarget: target}, nil
}

// runEnv is the environment of the program: the host's, plus the run's settings.
func (h *host) runEnv(req *pulumirpc.RunRequest) ([]string, error) {
	env := os.Environ()
	set := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	set("PULUMI_ORGANIZATION", req.GetOrganization())
	set("PULUMI_PROJECT", req.GetProject())
	set("PULUMI_ROOT_DIRECTORY", req.GetInfo().GetRootDirectory())
	set("PULUMI_STACK", req.GetStack())
	set("PULUMI_DRY_RUN", strconv.FormatBool(req.GetDryRun()))
	set("PULUMI_PARALLEL", strconv.Itoa(int(req.GetParallel())))
	set("PULUMI_MONITOR", req.GetMonitorAddress())
	set("PULUMI_ENGINE", h.EngineAddress())
	configEnv, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	return append(env, configEnv...), nil
}

// build compiles the program in dir into outfile (a temporary file when outfile is ""), its output
// going to the engine's terminal, and returns the binary's path.
func build(ctx context.Context, dir, outfile string) (string, error) {
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(matches) == 0 {
		return "", fmt.Errorf("no .go files in %s: a Go program is a main package there", dir)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("could not find go on PATH: install Go (the version the program's go.mod names, or newer)")
	}
	if outfile == "" {
		f, err := os.CreateTemp("", "pulumi-go.*")
		if err != nil {
			return "", fmt.Errorf("could not create a file for the program's binary: %w", err)
		}
		outfile = f.Name()
		_ = f.Close()
	} else if !filepath.IsAbs(outfile) {
		outfile = filepath.Join(dir, outfile)
	}
	cmd := exec.CommandContext(ctx, gobin, "build", "-buildvcs=false", "-o", outfile, "-trimpath", "-ldflags", "-w -s")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("`go build` of the program in %s failed (its errors are above): %w", dir, err)
	}
	if st, err := os.Stat(outfile); err != nil || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("`go build` in %s made no executable: is the program's package named main?", dir)
	}
	return outfile, nil
}

// Run builds the program (unless runtime.options.binary names one) and runs it.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env, err := h.runEnv(req)
	if err != nil {
		return nil, err
	}
	program := opts.binary
	if program != "" {
		if program, err = exec.LookPath(program); err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf(
				"runtime.options.binary in Pulumi.yaml is %q, which is not an executable: %v", opts.binary, err)}, nil
		}
	} else {
		dir := info.GetProgramDirectory()
		if dir == "" {
			dir = req.GetPwd()
		}
		if program, err = build(ctx, dir, opts.buildTarget); err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		if opts.buildTarget == "" {
			defer os.Remove(program)
		}
	}
	cmd := exec.CommandContext(ctx, program, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return h.RunProgram(cmd, "the Go program"), nil
}

// InstallDependencies runs `go mod tidy` in the program folder, as upstream's host does for
// `pulumi install`.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck // older engines send only Directory
	}
	stdout, stderr := hostkit.InstallStreams(stream)
	return hostkit.RunStep(stream.Context(), dir, os.Environ(), stdout, stderr, "go", "mod", "tidy", "-compat=1.18")
}

// About names the go command and its version.
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, errors.New("could not find go on PATH")
	}
	out, err := exec.CommandContext(ctx, gobin, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("`go version` failed: %w", err)
	}
	fields := strings.Fields(string(out))
	v := ""
	if len(fields) >= 3 {
		v = strings.TrimPrefix(fields[2], "go")
	}
	return &pulumirpc.AboutResponse{Executable: gobin, Version: v}, nil
}
