// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi engine.
//
// Why it exists: the upstream host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is a separate, untagged Go module that the module proxy reachable from this project's machines
// does not serve, so it cannot be built here. The engine itself (pkg/v3) is built unmodified; this
// host only launches programs the way the upstream one does: it runs the Node SDK's own
// `@pulumi/pulumi/cmd/run` entry point with the same flags and environment, and maps its exit
// codes the same way (32 = an error was already reported, so the engine should bail quietly).
//
// It implements what a `pulumi preview/up/refresh/destroy` of a TypeScript or JavaScript program
// needs: Handshake, GetRequiredPackages/GetRequiredPlugins (nothing beyond the engine's own
// dynamic provider), Run, GetPluginInfo, InstallDependencies (npm install), About and
// GetProgramDependencies; RunPlugin for policy packs and folder plugins written for Node.js
// (runplugin.go); and GenerateProgram, GenerateProject and GeneratePackage with Pulumi's own
// Node.js code generator, for `pulumi import`, `pulumi convert` and `pulumi package gen-sdk`
// (codegen.go). Everything else answers Unimplemented.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.0.0"

// bailExitCode is what @pulumi/pulumi/cmd/run exits with after it has logged a user-facing error.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	mu            sync.Mutex
	engineAddress string
	tracing       string
	// programs are the Node.js processes Run started that are still running.
	programs map[*exec.Cmd]struct{}
}

// enginePollInterval is how often the host checks that the engine that started it still runs.
const enginePollInterval = 250 * time.Millisecond

// exitWhenEngineGone ends the host, and the programs it runs, once the engine that started it is
// gone: its parent process changed (the engine exited or was killed without stopping its plugins,
// as a kill -9 of `pulumi up` does, and the host was re-parented) or is init. The engine starts
// each plugin in a process group of its own, so a signal to the engine's group never reaches
// this host; without this check it would serve forever. The upstream host does the same through
// a health check of the engine's gRPC address (sdk/go/common/util/rpcutil.Healthcheck); watching
// the parent needs no connection and notices at once. `parent` is read first thing in main, so
// an engine that dies before this goroutine runs is noticed too.
func (h *host) exitWhenEngineGone(parent int) {
	for {
		if now := os.Getppid(); now != parent || now == 1 {
			// Held until exit: Run cannot start a program that would then never be killed.
			h.mu.Lock()
			for cmd := range h.programs {
				if cmd.Process != nil {
					_ = cmd.Process.Kill()
				}
			}
			fmt.Fprintln(os.Stderr, "pulumi-language-nodejs: the engine is gone; exiting")
			os.Exit(1)
		}
		time.Sleep(enginePollInterval)
	}
}

func main() {
	parent := os.Getppid()
	h := &host{programs: map[*exec.Cmd]struct{}{}}
	go h.exitWhenEngineGone(parent)
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--tracing" || a == "-tracing":
			if i+1 < len(args) {
				h.tracing = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "-"):
			// Logging and other engine flags (-v=9, --logtostderr, -root=...) need no action here.
		default:
			h.engineAddress = a
		}
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not listen: %v\n", err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(server, h)
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(lis); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins reports no plugins: a program of dynamic resources needs only the
// pulumi-nodejs provider, which the engine finds on PATH by itself.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages reports no packages, for the same reason as GetRequiredPlugins.
func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find node on PATH")
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version failed: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// GetProgramDependencies lists the direct dependencies named in the program's package.json.
func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, fmt.Errorf("package.json in %s is not valid JSON: %w", dir, err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for name, v := range pkg.Dependencies {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: v})
	}
	return resp, nil
}

// InstallDependencies runs `npm install` in the program directory, streaming its output.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck // older engines send only Directory
	}
	cmd := exec.CommandContext(stream.Context(), "npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if sendErr := stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: out}); sendErr != nil {
		return sendErr
	}
	if err != nil {
		return fmt.Errorf("npm install in %s failed: %w", dir, err)
	}
	return nil
}

// Run executes the program with the Node SDK's run entry point, as the upstream host does.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram()
	}
	if entry == "" {
		entry = "."
	}
	opts := info.GetOptions().AsMap()

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on PATH: install Node.js 20 or newer"}, nil
	}
	runPath, err := resolveRunScript(ctx, node, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if nodeargs, ok := opts["nodeargs"].(string); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()
	args = append(args, runPath,
		"--monitor="+req.GetMonitorAddress(),
		"--engine="+engine,
		"--organization="+req.GetOrganization(),
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--pwd="+programDir,
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
	)
	if root := info.GetRootDirectory(); root != "" {
		args = append(args, "--root-directory="+root)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if h.tracing != "" {
		args = append(args, "--tracing="+h.tracing)
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(optionBool(opts, "typescript", true)),
	)
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := h.runProgram(cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == bailExitCode {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run node): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// runProgram runs cmd to its end, known to exitWhenEngineGone while it runs.
func (h *host) runProgram(cmd *exec.Cmd) error {
	h.mu.Lock()
	err := cmd.Start()
	if err == nil {
		h.programs[cmd] = struct{}{}
	}
	h.mu.Unlock()
	if err != nil {
		return err
	}
	err = cmd.Wait()
	h.mu.Lock()
	delete(h.programs, cmd)
	h.mu.Unlock()
	return err
}

// resolveRunScript finds @pulumi/pulumi/cmd/run as Node would resolve it from the program.
func resolveRunScript(ctx context.Context, node, programDir string) (string, error) {
	return resolveModule(ctx, node, programDir, "@pulumi/pulumi/cmd/run")
}

// resolveModule finds a module as Node would resolve it from dir (require.resolve).
func resolveModule(ctx context.Context, node, dir, module string) (string, error) {
	script := fmt.Sprintf("console.log(require.resolve(%q))", module)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf(
			"it looks like the Pulumi SDK has not been installed in %s (%s not found): run `npm install` there (%v)",
			dir, module, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	if !sc.Scan() {
		return "", fmt.Errorf("could not resolve %s from %s", module, dir)
	}
	return strings.TrimSpace(sc.Text()), nil
}

func optionBool(opts map[string]any, key string, def bool) bool {
	switch v := opts[key].(type) {
	case bool:
		return v
	case string:
		b, err := strconv.ParseBool(v)
		if err == nil {
			return b
		}
	}
	return def
}
