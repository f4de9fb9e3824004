//go:build tools

// Package tools pins actionlint, the GitHub Actions workflow linter, so `go build` can build it
// from this module. The pinned version is the github.com/rhysd/actionlint line of go.mod.
package tools

import (
	_ "github.com/rhysd/actionlint/cmd/actionlint"
)
