// Command pulumi-language-python is the project's own Python language host for the Pulumi engine.
//
// It runs a program the way upstream's host (github.com/pulumi/pulumi/sdk/python/cmd/
// pulumi-language-python, refused by the module proxy here) does: `python -u <exec script>` with
// the same flags (--monitor, --engine, --project, --root_directory, --stack, --pwd, --dry_run,
// --parallel, --tracing, --organization, then the entry point and its arguments) and the same
// environment (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, the virtualenv activated). The exec script
// is this folder's run_program.py, given to Python with -c; it uses only the public runtime API of
// the `pulumi` package from PyPI.
//
// Python is the virtualenv's when Pulumi.yaml names one (runtime.options.virtualenv, relative to
// the project folder), else PULUMI_PYTHON_CMD, python3 or python from PATH. Run never creates a
// virtualenv: a missing one is an error that says how to make it. InstallDependencies (`pulumi
// install`) creates it and installs requirements.txt into it, as upstream's pip toolchain does.
//
// Not supported (an error names the option): the poetry and uv toolchains and the mypy/pyright
// typechecker options; debugging, policy packs and plugins written in Python (RunPlugin), code
// generation. GetRequiredPackages reports none (the engine loads a provider when the program first
// uses it).
package main

import (
	"context"
	_ "embed"
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

//go:embed run_program.py
var runProgramScript string

type host struct {
	hostkit.Base
}

func main() {
	h := &host{Base: hostkit.Base{Name: "pulumi-language-python", Version: version}}
	hostkit.Serve(&h.Base, h)
}

// options are the runtime options of Pulumi.yaml this host understands.
type options struct {
	// virtualenv is the virtualenv's absolute path, or "" for the Python on PATH.
	virtualenv string
	// virtualenvOption is the option as written, for messages.
	virtualenvOption string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	raw := info.GetOptions().AsMap()
	venv, err := hostkit.StringOption(raw, "virtualenv")
	if err != nil {
		return options{}, err
	}
	toolchain, err := hostkit.StringOption(raw, "toolchain")
	if err != nil {
		return options{}, err
	}
	if toolchain != "" && toolchain != "pip" {
		return options{}, fmt.Errorf(
			"invalid value for runtime.options.toolchain in Pulumi.yaml: %q. Allowed values are: pip "+
				"(this project's Python host supports neither poetry nor uv; users' Pulumi CLIs do)", toolchain)
	}
	if tc, err := hostkit.StringOption(raw, "typechecker"); err != nil {
		return options{}, err
	} else if tc != "" {
		return options{}, fmt.Errorf(
			"runtime.options.typechecker %q in Pulumi.yaml is not supported by this project's Python host: "+
				"remove it (users' Pulumi CLIs support mypy and pyright)", tc)
	}
	opts := options{virtualenvOption: venv}
	if venv != "" {
		root := info.GetRootDirectory()
		if root == "" {
			root = info.GetProgramDirectory()
		}
		opts.virtualenv = venv
		if !filepath.IsAbs(venv) {
			opts.virtualenv = filepath.Join(root, venv)
		}
	}
	return opts, nil
}

// isVirtualenv reports whether dir holds a virtualenv's Python.
func isVirtualenv(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "bin", "python"))
	return err == nil && !st.IsDir()
}

// python returns the interpreter to run and the environment to run it in: the virtualenv's,
// activated as `source bin/activate` would (its bin first on PATH, VIRTUAL_ENV set, PYTHONHOME
// unset), or the one on PATH.
func (o options) python() (string, []string, error) {
	env := os.Environ()
	if o.virtualenv == "" {
		candidates := []string{"python3", "python"}
		if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
			candidates = []string{cmd}
		}
		for _, c := range candidates {
			if p, err := exec.LookPath(c); err == nil {
				return p, env, nil
			}
		}
		return "", nil, fmt.Errorf("could not find %s on PATH: install Python 3.10 or newer, "+
			"or name a virtualenv in Pulumi.yaml (runtime.options.virtualenv)", strings.Join(candidates, " or "))
	}
	if !isVirtualenv(o.virtualenv) {
		state := "is not a virtualenv (it has no bin/python)"
		if _, err := os.Stat(o.virtualenv); errors.Is(err, os.ErrNotExist) {
			state = "does not exist"
		}
		return "", nil, fmt.Errorf("the virtualenv option in Pulumi.yaml is %q, but %s %s: run `pulumi install` "+
			"to create it and install requirements.txt into it, or by hand: python3 -m venv %s && %s -m pip install "+
			"-r requirements.txt", o.virtualenvOption, o.virtualenv, state, o.virtualenv,
			filepath.Join(o.virtualenv, "bin", "python"))
	}
	bin := filepath.Join(o.virtualenv, "bin")
	activated := make([]string, 0, len(env)+2)
	hasPath := false
	for _, kv := range env {
		key, value, _ := strings.Cut(kv, "=")
		switch {
		case strings.EqualFold(key, "PATH"):
			hasPath = true
			activated = append(activated, key+"="+bin+string(os.PathListSeparator)+value)
		case strings.EqualFold(key, "PYTHONHOME"), strings.EqualFold(key, "VIRTUAL_ENV"):
		default:
			activated = append(activated, kv)
		}
	}
	if !hasPath {
		activated = append(activated, "PATH="+bin)
	}
	activated = append(activated, "VIRTUAL_ENV="+o.virtualenv)
	return filepath.Join(bin, "python"), activated, nil
}

// Run runs the program with run_program.py, as upstream's host runs its exec script.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	python, env, err := opts.python()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configEnv, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	env = append(env, configEnv...)

	args := []string{"-u", "-c", runProgramScript}
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.EngineAddress())
	flag("project", req.GetProject())
	flag("root_directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("dry_run", strconv.FormatBool(req.GetDryRun()))
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	flag("tracing", h.Tracing())
	flag("organization", req.GetOrganization())
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return h.RunProgram(cmd, "the Python program"), nil
}

// InstallDependencies creates the virtualenv Pulumi.yaml names if it is missing and installs the
// project's requirements.txt with pip (into the virtualenv, or the Python on PATH when none is
// named), as upstream's pip toolchain does for `pulumi install`.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	ctx := stream.Context()
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return err
	}
	root := info.GetRootDirectory()
	if root == "" {
		root = info.GetProgramDirectory()
	}
	stdout, stderr := hostkit.InstallStreams(stream)
	if opts.virtualenv != "" && !isVirtualenv(opts.virtualenv) {
		base, _, err := options{}.python()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Creating the virtualenv %s ...\n", opts.virtualenv)
		if err := hostkit.RunStep(ctx, root, os.Environ(), stdout, stderr,
			base, "-m", "venv", opts.virtualenv); err != nil {
			return err
		}
	}
	python, env, err := opts.python()
	if err != nil {
		return err
	}
	requirements := filepath.Join(root, "requirements.txt")
	if _, err := os.Stat(requirements); err != nil {
		fmt.Fprintf(stdout, "No requirements.txt in %s: nothing to install.\n", root)
		return nil
	}
	return hostkit.RunStep(ctx, root, env, stdout, stderr,
		python, "-m", "pip", "install", "--disable-pip-version-check", "-r", requirements)
}

// About names the Python a program would run with and its version.
func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python, env, err := options{}.python()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, python, "--version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("`%s --version` failed: %w", python, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: python,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "Python "),
	}, nil
}
