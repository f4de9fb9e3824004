/**
 * The TRTC API (version 2019-07-22) for the five AI-conversation actions, over the official
 * `tencentcloud-sdk-nodejs-common`: its `AbstractClient` signs (TC3-HMAC-SHA256), sends and
 * parses exactly as the full `tencentcloud-sdk-nodejs` does, whose TRTC client is the same
 * `AbstractClient` subclass with 100-odd more actions. The contract test
 * test/contract/slim-client.spec.ts pins the requests sent here to the full SDK's, byte for byte.
 *
 * Only this module and client.ts speak the API's PascalCase; the request bodies for the
 * resource's inputs are built from its field table (ai-conversation/request.ts).
 */
import { AbstractClient, type ClientConfig } from "tencentcloud-sdk-nodejs-common";
import type { Action } from "./constants";

/** A JSON object as the API's request and response bodies hold them. */
export type JsonObject = { [key: string]: unknown };

/** The API version of the AI-conversation actions. */
export const API_VERSION = "2019-07-22";

/**
 * The default host; `httpProfile.endpoint` replaces it. Its first DNS label is the service
 * name the SDK signs (`trtc`).
 */
export const API_HOST = "trtc.tencentcloudapi.com";

/** ControlAIConversation's `ServerPushText`: text (or audio) for the bot to speak. */
export interface ServerPushText {
  Text?: string;
  Interrupt?: boolean;
  StopAfterPlay?: boolean;
  /** Base64 audio, mono, at the TTS's sample rate; when set, `Text` is ignored. */
  Audio?: string;
  DropMode?: number;
  Priority?: number;
  AddHistory?: boolean;
  MetaInfo?: string;
}

/** ControlAIConversation's `InvokeLLM`: a prompt sent to the LLM as if the user said it. */
export interface InvokeLLM {
  Content?: string;
  Interrupt?: boolean;
  ExperimentalParams?: string;
}

/** The request body of each action. */
export interface TrtcRequests {
  /** Built from the field table (ai-conversation/request.ts `buildStartRequest`). */
  StartAIConversation: JsonObject;
  /** `TaskId` plus the changed fields, built from the field table (`buildUpdateRequest`). */
  UpdateAIConversation: JsonObject;
  /** By TaskId, or by the app and the SessionId the task was started with. */
  DescribeAIConversation: { TaskId: string } | { SdkAppId: number; SessionId: string };
  /** The task to stop. */
  StopAIConversation: { TaskId: string };
  /** A command for a running task; not sent by the resource (tests and tools use it). */
  ControlAIConversation: {
    TaskId: string;
    /** `ServerPushText`, `InvokeLLM` or `TransparentData` (its field of the same name is set). */
    Command: string;
    ServerPushText?: ServerPushText;
    InvokeLLM?: InvokeLLM;
    TransparentData?: { Data: string };
  };
}

/** Every answer's `RequestId`, to quote to Tencent support. */
interface Answer {
  RequestId?: string;
}

/**
 * The `Response` object of each action's answer, as the API documents it. The fields come off
 * the wire unchecked: readers that depend on a field's type check it (client.ts).
 */
export interface TrtcResponses {
  StartAIConversation: Answer & { TaskId?: string };
  DescribeAIConversation: Answer & {
    TaskId?: string;
    SessionId?: string;
    /** `Idle`, `Preparing`, `InProgress` or `Stopped`. */
    Status?: string;
    StartTime?: string;
  };
  UpdateAIConversation: Answer;
  StopAIConversation: Answer;
  ControlAIConversation: Answer;
}

/**
 * The TRTC API client for the five AI-conversation actions, defined as the official per-service
 * packages define theirs (`class Client extends AbstractClient`). An API error rejects with the
 * SDK's `TencentCloudSDKHttpException` carrying `code` and `requestId`; an HTTP status other
 * than 200 with `httpCode`; a transport failure with neither.
 */
export class TrtcApi extends AbstractClient {
  /** @param config - credentials, region and profile, as for any SDK client. */
  constructor(config: ClientConfig) {
    super(API_HOST, API_VERSION, config);
  }

  /** Sends one action's request; resolves to the answer's `Response` object. */
  async send<A extends Action>(action: A, body: TrtcRequests[A]): Promise<TrtcResponses[A]> {
    const answer: TrtcResponses[A] = await this.request(action, body);
    return answer;
  }

  /** StartAIConversation: starts a bot in a room; resolves to its TaskId. */
  StartAIConversation(
    req: TrtcRequests["StartAIConversation"],
  ): Promise<TrtcResponses["StartAIConversation"]> {
    return this.send("StartAIConversation", req);
  }

  /** DescribeAIConversation: a task's status and start time. */
  DescribeAIConversation(
    req: TrtcRequests["DescribeAIConversation"],
  ): Promise<TrtcResponses["DescribeAIConversation"]> {
    return this.send("DescribeAIConversation", req);
  }

  /** UpdateAIConversation: changes a running task's updatable settings. */
  UpdateAIConversation(
    req: TrtcRequests["UpdateAIConversation"],
  ): Promise<TrtcResponses["UpdateAIConversation"]> {
    return this.send("UpdateAIConversation", req);
  }

  /** StopAIConversation: stops a task. */
  StopAIConversation(
    req: TrtcRequests["StopAIConversation"],
  ): Promise<TrtcResponses["StopAIConversation"]> {
    return this.send("StopAIConversation", req);
  }

  /** ControlAIConversation: makes a running bot speak, ask its LLM, or pass data on. */
  ControlAIConversation(
    req: TrtcRequests["ControlAIConversation"],
  ): Promise<TrtcResponses["ControlAIConversation"]> {
    return this.send("ControlAIConversation", req);
  }
}
