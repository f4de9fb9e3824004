/**
 * The plugin's gRPC server: `pulumirpc.ResourceProvider` on the stubs @pulumi/pulumi ships
 * (`proto/provider_grpc_pb`), each method served by {@link NativeProvider}. Methods this provider
 * has no use for (components, functions, parameterization, mappings, listing) answer
 * UNIMPLEMENTED, which the engine understands as "not supported".
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { rpcError } from "./errors";
import { NativeProvider } from "./provider";

/** A unary handler over a function from request to response (sync or async). */
function unary<Req, Res>(serve: (req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => serve(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => callback(rpcError(err), null),
      );
  };
}

/** A handler that answers UNIMPLEMENTED for `method`. */
function unimplemented<Req, Res>(method: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) =>
    callback(
      { code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by trtc` },
      null,
    );
}

/** The service's handlers, each method of the provider bound to its RPC. */
export function providerService(provider: NativeProvider): provrpc.IResourceProviderServer {
  return {
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    getSchema: unary(() => provider.getSchema()),
    checkConfig: unary((req) => provider.checkConfig(req)),
    diffConfig: unary((req) => provider.diffConfig(req)),
    configure: unary((req) => provider.configure(req)),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    check: unary((req) => provider.check(req)),
    diff: unary((req) => provider.diff(req)),
    create: unary((req) => provider.create(req)),
    read: unary((req) => provider.read(req)),
    list: (call) =>
      call.emit("error", {
        code: grpc.status.UNIMPLEMENTED,
        details: "List is not implemented by trtc",
      }),
    update: unary((req) => provider.update(req)),
    delete: unary((req) => provider.delete(req)),
    construct: unimplemented("Construct"),
    // Nothing to interrupt: calls in flight end on their own timeouts (trtc:retryTimeoutSeconds).
    cancel: unary(() => new emptyproto.Empty()),
    getPluginInfo: unary(() => provider.getPluginInfo()),
    attach: unimplemented("Attach"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
  };
}

/** Largest message the engine may send (a stack's state can be large); the SDK's own limit. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/**
 * Starts the server on a free loopback port.
 *
 * @returns the port, which the plugin prints as the first line of its output for the engine.
 */
export async function serve(provider: NativeProvider = new NativeProvider()): Promise<number> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(provrpc.ResourceProviderService, providerService(provider));
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}
