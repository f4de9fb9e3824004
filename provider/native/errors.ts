/**
 * Errors as the engine takes them from a provider: a gRPC status with the message, and for a
 * failure state must remember (a bot that started but was not seen running, an update that may
 * have been applied: ai-conversation/init-failure.ts) an `ErrorResourceInitFailed` detail with
 * the resource's id and properties, as the dynamic-provider host sends it. The properties go
 * with their secret paths wrapped; the core's messages carry no secret (it redacts them).
 */
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { InitFailure } from "../ai-conversation/init-failure";
import { secretPathsFor } from "./secret-paths";
import { toStruct, type PropertyMap } from "./values";

/** An error the engine gets as a gRPC status with this code (else UNKNOWN). */
export class ProviderRpcError extends Error {
  override name = "ProviderRpcError";
  constructor(
    message: string,
    /** The gRPC status code. */
    readonly code: grpc.status,
  ) {
    super(message);
  }
}

/**
 * A core failure that state must remember, with the paths of its properties to send as secrets
 * (those of the request's inputs as well as the core's own).
 */
export class RecordedFailure extends Error {
  override name = "RecordedFailure";
  constructor(
    /** The core's failure. */
    readonly failure: InitFailure,
    /** Paths of `failure.properties` to wrap as secrets. */
    readonly secretPaths: ReadonlySet<string>,
  ) {
    super(failure.message);
  }
}

/** An error's message (or the value itself). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs `fn`; a core failure state must remember is thrown again as a {@link RecordedFailure}
 * with `secretPaths`.
 */
export async function recordingFailures<T>(
  secretPaths: ReadonlySet<string>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof InitFailure ? new RecordedFailure(err, secretPaths) : err;
  }
}

/** A gRPC error answer: code, message and metadata (the status details travel in it). */
export interface RpcErrorAnswer {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

/** The gRPC answer for an error thrown while serving a request. */
export function rpcError(err: unknown): RpcErrorAnswer {
  const message = errorText(err);
  const metadata = new grpc.Metadata();
  const code = err instanceof ProviderRpcError ? err.code : grpc.status.UNKNOWN;
  const recorded =
    err instanceof RecordedFailure
      ? err
      : err instanceof InitFailure
        ? new RecordedFailure(err, secretPathsFor())
        : undefined;
  if (recorded) {
    const { failure } = recorded;
    const { __provider: _provider, ...properties } = failure.properties as PropertyMap;
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(failure.id)
      .setProperties(toStruct(properties, recorded.secretPaths))
      .setReasonsList(failure.reasons);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(code).setMessage(message);
    status.addDetails(any);
    // `grpc-status-details-bin` carries structured details next to the status (how the Go side
    // reads them); @grpc/grpc-js has no other way to send them.
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code, details: message, metadata };
}
