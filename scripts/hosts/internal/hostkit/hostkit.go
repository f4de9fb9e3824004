// Package hostkit holds what the project's own language hosts (pulumi-language-python and
// pulumi-language-go) share: the command line the engine starts a host with, the gRPC server and
// the port line, the handshake, the stack configuration as the SDKs read it from the environment,
// and running a program to its end with the exit-code mapping every upstream host uses.
//
// Why these hosts exist: the upstream hosts are separate, untagged Go modules that the module
// proxy reachable from this project's machines refuses, so they cannot be built here. They launch
// programs with the same flags and environment as upstream's, so the SDKs from PyPI and the Go
// module proxy run unchanged. Users' installed Pulumi CLIs bring upstream's hosts.
package hostkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// BailExitCode is what a program exits with after it has reported its error to the engine itself
// (Python's exec script and the Go SDK's pulumi.Run both use 32): the engine then stops quietly.
const BailExitCode = 32

// enginePollInterval is how often a host checks that the engine that started it still runs.
const enginePollInterval = 250 * time.Millisecond

// interruptGrace is how long a cancelled program has between SIGINT and SIGKILL (upstream: 5 s).
const interruptGrace = 5 * time.Second

// Base is embedded by each host: the engine's address, the tracing endpoint, the programs it runs,
// and the RPCs every host answers alike. Every RPC a host does not define answers Unimplemented.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// Name is the host's executable name, e.g. "pulumi-language-python", for messages.
	Name string
	// Version is what GetPluginInfo reports.
	Version string

	mu            sync.Mutex
	engineAddress string
	tracing       string
	programs      map[*exec.Cmd]struct{}
}

// EngineAddress is the engine's gRPC address, from the command line or the handshake.
func (b *Base) EngineAddress() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.engineAddress
}

// Tracing is the tracing endpoint the engine passed with --tracing, or "".
func (b *Base) Tracing() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tracing
}

// Handshake records the engine's address.
func (b *Base) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if req.GetEngineAddress() != "" {
		b.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the host's version.
func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: b.Version}, nil
}

// GetRequiredPlugins reports none: the engine loads a resource's provider plugin when the program
// first registers one of its resources.
func (b *Base) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages reports none, for the same reason as GetRequiredPlugins.
func (b *Base) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// RuntimeOptionsPrompts asks nothing during `pulumi new`.
func (b *Base) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Serve parses the command line the engine starts the host with (`[-flags] [--tracing URL]
// [ENGINE_ADDRESS]`), serves srv on a loopback port, prints the port as the first line of stdout
// (which the engine reads) and serves until the engine goes. It does not return.
func Serve(b *Base, srv pulumirpc.LanguageRuntimeServer) {
	parent := os.Getppid()
	b.mu.Lock()
	b.programs = map[*exec.Cmd]struct{}{}
	b.mu.Unlock()
	go b.exitWhenEngineGone(parent)

	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--version" || a == "-version":
			fmt.Println(b.Version)
			os.Exit(0)
		case a == "--tracing" || a == "-tracing":
			if i+1 < len(args) {
				b.tracing = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "-"):
			// Logging and other engine flags (-v=9, --logtostderr, -root=…) need no action here.
		default:
			b.engineAddress = a
		}
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not listen on a loopback port: %v\n", b.Name, err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(server, srv)
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(lis); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", b.Name, err)
		os.Exit(1)
	}
}

// exitWhenEngineGone ends the host, and the programs it runs, once the engine that started it is
// gone: its parent process changed (a kill -9 of `pulumi up` re-parents the host) or is init. The
// engine starts each plugin in a process group of its own, so a signal to the engine's group never
// reaches the host; without this check it would serve forever. (The project's Node.js host does
// the same; upstream hosts health-check the engine's gRPC address instead.)
func (b *Base) exitWhenEngineGone(parent int) {
	for {
		if now := os.Getppid(); now != parent || now == 1 {
			// Held until exit: Run cannot start a program that would then never be killed.
			b.mu.Lock()
			for cmd := range b.programs {
				if cmd.Process != nil {
					_ = cmd.Process.Kill()
				}
			}
			fmt.Fprintf(os.Stderr, "%s: the engine is gone; exiting\n", b.Name)
			os.Exit(1)
		}
		time.Sleep(enginePollInterval)
	}
}

// ConfigEnv is the stack configuration of a run as the SDKs read it: PULUMI_CONFIG (a JSON object,
// `{}` when the stack has none: the Python SDK fails on `null`) and PULUMI_CONFIG_SECRET_KEYS (a
// JSON array of the keys whose values are secret).
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("could not serialize the stack's configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("could not serialize the stack's secret configuration keys: %w", err)
	}
	return []string{
		"PULUMI_CONFIG=" + string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeysJSON),
	}, nil
}

// StringOption reads runtime option `key` of Pulumi.yaml (`runtime.options.<key>`): "" when unset,
// an error naming the option when it is not a string.
func StringOption(opts map[string]any, key string) (string, error) {
	v, ok := opts[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("the runtime option %q in Pulumi.yaml must be a string, not %v", key, v)
	}
	return s, nil
}

// RunProgram runs cmd to its end and maps how it ended to the engine's answer, as upstream hosts
// do: exit 0 is success, BailExitCode means the program has already reported its error (the engine
// stops without a message of its own), any other exit code is an error naming it. cmd is made with
// exec.CommandContext: when that context ends (the engine cancelled the Run call), the program is
// interrupted (SIGINT, then SIGKILL after a grace period). While it runs, the program is
// known to the engine-gone watch, which kills it if the engine dies.
func (b *Base) RunProgram(cmd *exec.Cmd, what string) *pulumirpc.RunResponse {
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = interruptGrace

	b.mu.Lock()
	err := cmd.Start()
	if err == nil {
		b.programs[cmd] = struct{}{}
	}
	b.mu.Unlock()
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", what, err)}
	}
	err = cmd.Wait()
	b.mu.Lock()
	delete(b.programs, cmd)
	b.mu.Unlock()

	// Upstream flushes its own streams before answering, so the engine has the program's last
	// lines before the error.
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("%s was killed by signal %v", what, status.Signal())}
		}
		if exitErr.ExitCode() == BailExitCode {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem executing %s: %v", what, err)}
}

// InstallStreams returns writers that send what a dependency installation prints to the engine
// (InstallDependencies streams it back as stdout and stderr chunks).
func InstallStreams(
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) (stdout, stderr io.Writer) {
	var mu sync.Mutex
	send := func(isErr bool) io.Writer {
		return writerFunc(func(p []byte) (int, error) {
			chunk := append([]byte(nil), p...)
			mu.Lock()
			defer mu.Unlock()
			resp := &pulumirpc.InstallDependenciesResponse{Stdout: chunk}
			if isErr {
				resp = &pulumirpc.InstallDependenciesResponse{Stderr: chunk}
			}
			if err := stream.Send(resp); err != nil {
				return 0, err
			}
			return len(p), nil
		})
	}
	return send(false), send(true)
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// RunStep runs one step of a dependency installation in dir, its output streamed to the engine;
// the error names the command.
func RunStep(ctx context.Context, dir string, env []string, stdout, stderr io.Writer,
	name string, args ...string,
) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("`%s %s` in %s failed: %w", name, strings.Join(args, " "), dir, err)
	}
	return nil
}
