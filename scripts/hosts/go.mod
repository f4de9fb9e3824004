module github.com/pulumi-trtc/hosts

go 1.26.6

// The project's own Python and Go language hosts (python/, golang/), built by scripts/hosts.js.
// The SDK's gRPC definitions are pinned at the engine's release (scripts/engine/go.mod), so the
// hosts speak exactly the engine's protocol and reuse its module and build caches.
require (
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
)
