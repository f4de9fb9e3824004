module github.com/pulumi-trtc/hosts/yaml

go 1.24.7

// Pulumi's YAML language host (and its YAML converter), built by scripts/hosts.js into
// .engine/hosts/yaml/bin. The version is pinned here, in the pulumi-yaml requirement below: v1.25.0,
// the newest release the Go module proxy serves. It is a wrapper module of its own because v1.25.0
// does not compile against the engine's pkg/sdk v3.276.0 (scripts/engine/go.mod): it builds on its
// own pins, pkg/sdk v3.206.0, exactly as `go install …@v1.25.0` would (the other requirements are
// pulumi-yaml's own; keep them so when moving the pin: `go mod tidy` after changing this line).
// A v3.206.0 host serves the v3.276.0 engine: the language-host gRPC protocol is backward compatible.
require github.com/pulumi/pulumi-yaml v1.25.0
