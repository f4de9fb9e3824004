// Code generation for TypeScript, the way the upstream Node.js host does it: the engine sends a
// program in Pulumi's intermediate language (PCL) or a package schema, together with the address
// of its schema loader (which finds each package's schema through the engine's plugins), and
// Pulumi's own Node.js code generator (pkg/v3/codegen/nodejs, at the engine's pin) writes the code.
// These serve `pulumi import` (GenerateProgram: the code of the imported resources),
// `pulumi convert --language typescript` (GenerateProject, then Link), `pulumi package gen-sdk
// --language nodejs` (GeneratePackage) and `pulumi package add` (GeneratePackage, then Link).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/cgstrings"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// codegenTool names this host in the headers of the files GeneratePackage writes.
const codegenTool = "pulumi-language-nodejs"

// newLoader connects to the engine's schema loader named in a request.
func newLoader(target string) (*schema.LoaderClient, error) {
	if target == "" {
		return nil, errors.New("the engine sent no schema loader address (loader_target), which code generation needs: " +
			"run this host with the engine it was built with (npm run engine)")
	}
	return schema.NewLoaderClient(target)
}

// bindOptions are the PCL binder options upstream's Node.js host uses.
func bindOptions(strict bool) []pcl.BindOption {
	// Node.js prefers the output-versioned form of invokes.
	opts := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	return opts
}

// GenerateProgram turns PCL source into TypeScript source files.
func (h *host) GenerateProgram(_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := newLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := hclsyntax.NewParser()
	// Parse in a fixed order, so that diagnostics and output do not depend on map iteration.
	names := make([]string, 0, len(req.GetSource()))
	for name := range req.GetSource() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
			return nil, fmt.Errorf("could not parse %s: %w", name, err)
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}

	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiags}, nil
	}
	if program == nil {
		return nil, errors.New("the PCL binder returned no program and no error")
	}

	files, genDiags, err := codegen.GenerateProgramWithOptions(program, codegen.ProgramOptions{Runtime: "nodejs"})
	if err != nil {
		return nil, err
	}
	rpcDiags = append(rpcDiags, plugin.HclDiagnosticsToRPCDiagnostics(genDiags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiags}, nil
}

// GenerateProject writes a whole TypeScript project (Pulumi.yaml, package.json, tsconfig.json,
// index.ts) for the PCL program in the request's source folder.
func (h *host) GenerateProject(_ context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	loader, err := newLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	program, diags, err := pcl.BindDirectory(req.GetSourceDirectory(), schema.NewCachedLoader(loader),
		bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: rpcDiags}, nil
	}

	var project workspace.Project
	if err := json.Unmarshal([]byte(req.GetProject()), &project); err != nil {
		return nil, fmt.Errorf("the engine sent a project that is not valid JSON: %w", err)
	}
	if err := codegen.GenerateProject(req.GetTargetDirectory(), project, program,
		req.GetLocalDependencies(), false, "nodejs"); err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: rpcDiags}, nil
}

// GeneratePackage writes the Node.js SDK of the package schema in the request.
func (h *host) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := newLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the package schema is not valid JSON: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}

	files, err := codegen.GeneratePackage(codegenTool, pkg, req.GetExtraFiles(), req.GetLocalDependencies(),
		req.GetLocal(), cached)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, fmt.Errorf("could not create the folder of %s: %w", out, err)
		}
		if err := os.WriteFile(out, files[name], 0o644); err != nil {
			return nil, fmt.Errorf("could not write %s: %w", out, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// Link adds locally generated SDKs to the program's package.json (`pulumi convert` calls it after
// GenerateProject, with no package unless the program uses a parameterized one, and `pulumi
// package add` with the SDK it generated) and answers how to import them. As upstream's host, it
// uses the package manager the program's `packagemanager` option names, else the one its lock
// file shows (npm by default).
func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if len(req.GetPackages()) == 0 {
		// Nothing to link, so nothing to import (upstream prints an instructions header anyway).
		return &pulumirpc.LinkResponse{}, nil
	}
	programDir := req.GetInfo().GetProgramDirectory()
	opts := req.GetInfo().GetOptions().AsMap()
	instructions := "You can import the SDK in your JavaScript code with:\n\n"
	if optionBool(opts, "typescript", true) {
		instructions = "You can import the SDK in your TypeScript code with:\n\n"
	}

	loader, err := newLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)
	manager, _ := opts["packagemanager"].(string)
	pm, err := npm.ResolvePackageManager(npm.PackageManagerType(manager), programDir)
	if err != nil {
		return nil, err
	}

	var imports strings.Builder
	for _, dep := range req.GetPackages() {
		desc, err := packageDescriptor(dep.GetPackage())
		if err != nil {
			return nil, err
		}
		ref, err := schema.LoadPackageReferenceV2(ctx, cached, desc)
		if err != nil {
			return nil, err
		}
		pkg, err := ref.Definition()
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(map[string]schema.Language{"nodejs": codegen.Importer}); err != nil {
			return nil, err
		}
		name := nodePackageName(pkg)
		if err := pm.Link(ctx, programDir, name, dep.GetPath()); err != nil {
			return nil, fmt.Errorf("could not link %s from %s: %w", name, dep.GetPath(), err)
		}
		fmt.Fprintf(&imports, "  import * as %s from \"%s\";\n", cgstrings.Camel(ref.Name()), name)
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions + imports.String()}, nil
}

// packageDescriptor is the schema loader's descriptor of a package the engine names.
func packageDescriptor(p *pulumirpc.PackageDependency) (*schema.PackageDescriptor, error) {
	desc := &schema.PackageDescriptor{Name: p.GetName(), DownloadURL: p.GetServer()}
	if p.GetVersion() != "" {
		v, err := semver.New(p.GetVersion())
		if err != nil {
			return nil, fmt.Errorf("package %s has a version that is not semver: %q", p.GetName(), p.GetVersion())
		}
		desc.Version = v
	}
	if param := p.GetParameterization(); param != nil {
		desc.Parameterization = &schema.ParameterizationDescriptor{Name: param.GetName(), Value: param.GetValue()}
		if param.GetVersion() != "" {
			v, err := semver.New(param.GetVersion())
			if err != nil {
				return nil, fmt.Errorf("package %s has a version that is not semver: %q", param.GetName(), param.GetVersion())
			}
			desc.Parameterization.Version = *v
		}
	}
	return desc, nil
}

// nodePackageName is the npm name of a package's Node.js SDK, as upstream's host computes it.
func nodePackageName(pkg *schema.Package) string {
	if info, ok := pkg.Language["nodejs"].(codegen.NodePackageInfo); ok && info.PackageName != "" {
		return info.PackageName
	}
	if pkg.Namespace != "" {
		return "@" + pkg.Namespace + "/" + pkg.Name
	}
	return "@pulumi/" + pkg.Name
}
