/**
 * pulumi-trtc: Tencent Cloud TRTC AI conversations as Pulumi resources.
 *
 * @packageDocumentation
 */
export { AIConversation } from "./resource";
export type {
  AIConversationArgs,
  AgentConfigArgs,
  AmbientSoundArgs,
  AzureTtsConfigArgs,
  CozeLlmConfigArgs,
  CustomTtsConfigArgs,
  DifyLlmConfigArgs,
  FlowTtsConfigArgs,
  InworldTtsConfigArgs,
  KeyedVoiceTtsConfigArgs,
  LlmConfigArgs,
  MinimaxTtsConfigArgs,
  OpenAiLlmConfigArgs,
  SttConfigArgs,
  TencentTtsConfigArgs,
  TtsConfigArgs,
  TurnDetectionArgs,
  VoicePrintArgs,
} from "./resource";
export { generateUserSig, type GenerateUserSigParams } from "./trtc/usersig";
export { TrtcApiError } from "./trtc/errors";
export {
  CHINA_ENDPOINT,
  DEFAULT_ENDPOINT,
  DEFAULT_REGION,
  REGIONS,
  type Region,
} from "./trtc/constants";
