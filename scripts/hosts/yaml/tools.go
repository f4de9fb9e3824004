//go:build tools

// Package tools pins Pulumi's YAML language host and converter so `go build` can build them from
// this module.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-converter-yaml"
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
