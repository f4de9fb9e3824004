// RunPlugin: the engine's way to start a plugin that is a folder of Node.js code rather than an
// executable: a policy pack (PulumiPolicy.yaml, `runtime: nodejs`, kind "analyzer") or a resource,
// converter or tool plugin (PulumiPlugin.yaml, `runtime: nodejs`). As in upstream's Node.js host,
// a policy pack runs through @pulumi/pulumi's `cmd/run-policy-pack` resolved from the pack's
// folder, and any other plugin through `cmd/run-plugin`. A policy pack also needs the stack's
// configuration (organization, project, stack, config, dry run) in its environment, which the
// engine only sends over gRPC once the pack answers: sdk.NewPolicyProxy answers first, collects
// it, and then forwards every call to the real pack.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin runs the plugin in req.Info.ProgramDirectory, streaming its stdout and stderr to the
// engine, until it exits or the engine cancels the call.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	// Best effort on every path; the success path closes explicitly and checks the error.
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return errors.New("could not find node on PATH: install Node.js 20 or newer")
	}
	pluginDir := req.GetInfo().GetProgramDirectory()
	opts := req.GetInfo().GetOptions().AsMap()
	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)

	entry := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicyPack {
		entry = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveModule(ctx, node, pluginDir, entry)
	if err != nil {
		return err
	}

	// The engine sends its whole environment; an engine that sends none gets this host's.
	env := append([]string{}, req.GetEnv()...)
	if len(env) == 0 {
		env = os.Environ()
	}
	if optionBool(opts, "typescript", true) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	var args []string
	if nodeargs, ok := opts["nodeargs"].(string); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runPath)
	// run-policy-pack takes the pack's folder last; run-plugin takes the plugin's folder first.
	if isPolicyPack {
		args = append(args, req.GetArgs()...)
		args = append(args, pluginDir)
	} else {
		args = append(args, pluginDir)
		args = append(args, req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		config, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
		}
		packEnv, err := policyPackEnv(config)
		if err != nil {
			proxy.Abort(err)
			return err
		}
		env = append(env, packEnv...)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	// Policy packs have always run in their own folder; other plugins in the engine's.
	if isPolicyPack {
		cmd.Dir = pluginDir
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr

	if err := h.runPluginProcess(ctx, cmd, proxy); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode()) //nolint:staticcheck // upstream's wording
		}
		return fmt.Errorf("Problem executing plugin program (could not run node): %w", err) //nolint:staticcheck
	}
	return closer.Close()
}

// runPluginProcess starts cmd, known to exitWhenEngineGone while it runs, and waits for it; with
// a policy pack proxy, the proxy waits for it while forwarding the engine's calls to it.
func (h *host) runPluginProcess(ctx context.Context, cmd *exec.Cmd, proxy *sdk.PolicyProxy) error {
	h.mu.Lock()
	err := cmd.Start()
	if err == nil {
		h.programs[cmd] = struct{}{}
	}
	h.mu.Unlock()
	if err != nil {
		if proxy != nil {
			proxy.Abort(err)
		}
		return err
	}
	defer func() {
		h.mu.Lock()
		delete(h.programs, cmd)
		h.mu.Unlock()
	}()
	if proxy != nil {
		if err := proxy.Attach(ctx, cmd); err != nil {
			return fmt.Errorf("could not attach the policy pack proxy: %w", err)
		}
		return nil
	}
	return cmd.Wait()
}

// policyPackEnv is the environment @pulumi/policy reads the stack's configuration from.
func policyPackEnv(config *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if config == nil {
		return nil, nil
	}
	var env []string
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", config.GetProject())
	add("PULUMI_NODEJS_STACK", config.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
	if c := config.GetConfig(); c != nil {
		raw, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("could not encode the stack configuration for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(raw))
	}
	return env, nil
}
