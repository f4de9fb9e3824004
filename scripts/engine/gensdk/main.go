// Command gensdk generates the Node.js, Python and Go SDKs of a Pulumi package from its schema.json,
// with the code generators of github.com/pulumi/pulumi/pkg/v3/codegen at the engine's pin.
//
// Why it exists: `pulumi package gen-sdk` asks each language's host for GeneratePackage, and only
// the project's own Node.js host is built here (the upstream Python and Go hosts are modules the
// Go module proxy refuses). The generators themselves are plain Go packages of pkg/v3, so this tool
// calls them directly, the way the upstream hosts do.
//
// Usage:
//
//	gensdk -schema schema.json -out DIR [-languages nodejs,python,go]
//
// It writes DIR/nodejs, DIR/python and DIR/go (the Go package under DIR/go/<package name>). Each
// language folder it writes is removed first, so the output is exactly what the generator returns;
// it prints one line per language with the number of files written. The schema must refer to no
// other package: the tool loads no provider plugins.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// toolName is written into the generated files' "do not edit" headers.
const toolName = "pulumi-trtc gensdk"

// noPackages is a schema loader that loads nothing. The binder needs a loader even for a schema
// that refers to no other package (a nil one fails a precondition: "loader: must not be nil");
// this one answers every request with an error naming the package, so a schema that does refer
// to another package fails with a message saying why.
type noPackages struct{}

var _ schema.ReferenceLoader = noPackages{}

func (noPackages) refused(name string) error {
	return fmt.Errorf("the schema refers to package %q, but gensdk loads no other package: "+
		"inline the types it needs or remove the reference", name)
}

func (l noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refused(pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refused(d.Name)
}

func (l noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refused(pkg)
}

func (l noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refused(d.Name)
}

// allLanguages are the SDK languages gensdk writes, in the order it writes them.
var allLanguages = []string{"nodejs", "python", "go"}

// bindSchema reads and validates the schema; every error names the file.
func bindSchema(schemaPath string) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, fmt.Errorf("could not read the schema: %w", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s is not a valid package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("could not bind %s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s has errors:\n%s", schemaPath, diags.Error())
	}
	return pkg, nil
}

// generate returns the files of one language's SDK, by path relative to that language's folder.
// Each language binds the schema afresh: the generators record their own state in the package.
func generate(lang, schemaPath string) (map[string][]byte, error) {
	pkg, err := bindSchema(schemaPath)
	if err != nil {
		return nil, err
	}
	switch lang {
	case "nodejs":
		return nodejs.GeneratePackage(toolName, pkg, nil, nil, false, noPackages{})
	case "python":
		return python.GeneratePackage(toolName, pkg, nil, noPackages{})
	case "go":
		return gogen.GeneratePackage(toolName, pkg, nil)
	}
	return nil, fmt.Errorf("unknown language %q: allowed values are %s", lang, strings.Join(allLanguages, ", "))
}

// writeFiles replaces dir with exactly the given files, written in sorted order.
func writeFiles(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		clean := filepath.Clean(filepath.FromSlash(name))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("the generator returned a path outside its folder: %q", name)
		}
		target := filepath.Join(dir, clean)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func parseLanguages(list string) ([]string, error) {
	var out []string
	for _, l := range strings.Split(list, ",") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		known := false
		for _, k := range allLanguages {
			known = known || k == l
		}
		if !known {
			return nil, fmt.Errorf("-languages: unknown language %q: allowed values are %s",
				l, strings.Join(allLanguages, ", "))
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, errors.New("-languages: name at least one of " + strings.Join(allLanguages, ", "))
	}
	return out, nil
}

func run() error {
	schemaPath := flag.String("schema", "", "the package schema (schema.json) to generate from")
	outDir := flag.String("out", "", "the folder to write <language>/ folders into")
	langs := flag.String("languages", strings.Join(allLanguages, ","), "comma-separated languages")
	flag.Parse()
	if *schemaPath == "" || *outDir == "" {
		return errors.New("usage: gensdk -schema schema.json -out DIR [-languages nodejs,python,go]")
	}
	languages, err := parseLanguages(*langs)
	if err != nil {
		return err
	}
	for _, lang := range languages {
		files, err := generate(lang, *schemaPath)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", lang, err)
		}
		if err := writeFiles(filepath.Join(*outDir, lang), files); err != nil {
			return fmt.Errorf("%s SDK: could not write it: %w", lang, err)
		}
		fmt.Printf("%s: %d files\n", lang, len(files))
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "gensdk: %v\n", err)
		os.Exit(1)
	}
}
