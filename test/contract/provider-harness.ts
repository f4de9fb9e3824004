/**
 * The AIConversation provider in process against an emulator, as the contract tests drive it:
 * configured like the engine configures it, inputs checked like the engine checks them.
 */
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "../../emulator";
import {
  AIConversationProvider,
  type ProviderInputs,
} from "../../provider/ai-conversation/provider";

/** Raw resource inputs, as a program passes them. */
export type Raw = Record<string, unknown>;

/** What the engine stores as `__provider` (any string: the provider is never deserialized here). */
export const PROVIDER_CODE = "exports.handler = __provider_code";

/**
 * A provider configured with `target`'s endpoint and credentials, short timeouts, and
 * `overrides` (stack config keys such as `trtc:maxRetries`).
 */
export async function configuredProvider(
  target: RunningEmulator,
  overrides: Record<string, string> = {},
): Promise<AIConversationProvider> {
  const map: Record<string, string> = {
    "trtc:endpoint": target.url,
    "trtc:secretId": target.secretId,
    "trtc:secretKey": target.secretKey,
    "trtc:startTimeoutSeconds": "2",
    "trtc:maxRetries": "3",
    "trtc:retryTimeoutSeconds": "10",
    ...overrides,
  };
  const p = new AIConversationProvider();
  await p.configure({
    config: { get: (key: string) => map[key] },
  } as unknown as pulumi.dynamic.ConfigureRequest);
  return p;
}

/** Runs check like the engine does for a create and returns what create receives. */
export async function checkedInputs(p: AIConversationProvider, raw: Raw): Promise<ProviderInputs> {
  const result = await p.check({}, { ...raw, __provider: PROVIDER_CODE });
  assert.equal(result.failures, undefined);
  assert.ok(result.inputs);
  return { ...result.inputs, __provider: PROVIDER_CODE };
}

/** The error `p` rejects with; fails the test when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Raw> {
  try {
    await p;
  } catch (err) {
    return err as Error & Raw;
  }
  assert.fail("expected a rejection");
}
