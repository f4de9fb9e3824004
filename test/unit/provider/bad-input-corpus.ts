/* eslint-disable @typescript-eslint/no-explicit-any -- the corpus edits arbitrary paths of plain JSON objects. */
/**
 * A corpus of malformed AIConversation configurations: each one a valid base with one defect,
 * and the field the rejection must name.
 */

/** One malformed configuration. */
export interface BadInput {
  /** What is wrong, for the test name. */
  name: string;
  /** The malformed inputs. */
  inputs: Record<string, unknown>;
  /** The field (dot path) the failure must name. */
  field: string;
}

/** A valid configuration the corpus mutates. */
export function validBase(): Record<string, any> {
  return {
    sdkAppId: 1400000000,
    roomId: "room-1",
    agentConfig: { userId: "ai_bot", userSigSecret: "emulator-app-key", targetUserId: "user_1" },
    sttConfig: { language: "en" },
    llmConfig: {
      llmType: "openai",
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      apiUrl: "https://api.openai.com/v1/chat/completions",
    },
    ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
  };
}

function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

function mutate(
  name: string,
  path: string,
  value: unknown,
  field = path,
  extra?: (o: Record<string, any>) => void,
): BadInput {
  const inputs = validBase();
  extra?.(inputs);
  setPath(inputs, path, value);
  return { name, inputs, field };
}

const HUGE = "x".repeat(100_000);

/** The corpus: more than a hundred defects, each in one field. */
export function badInputs(): BadInput[] {
  const out: BadInput[] = [];
  // Wrong types.
  const wrongTypes: [string, unknown][] = [
    ["sdkAppId", "1400000000"],
    ["sdkAppId", true],
    ["roomId", true],
    ["roomId", { id: 1 }],
    ["roomIdType", "1"],
    ["sessionId", 42],
    ["region", 3],
    ["agentConfig", "bot"],
    ["agentConfig.userId", 7],
    ["agentConfig.targetUserId", null],
    ["agentConfig.maxIdleTime", "60"],
    ["agentConfig.welcomeMessage", 1],
    ["agentConfig.interruptMode", "0"],
    ["agentConfig.interruptSpeechDuration", "500"],
    ["agentConfig.filterOneWord", "yes"],
    ["agentConfig.ambientSound", "coffee"],
    ["agentConfig.voicePrint", []],
    ["agentConfig.interruptWordList", "stop"],
    ["agentConfig.subtitleMode", false],
    ["sttConfig", "en"],
    ["sttConfig.language", 1],
    ["sttConfig.alternativeLanguage", "ja"],
    ["sttConfig.vadSilenceTime", "1000"],
    ["sttConfig.vadLevel", null],
    ["llmConfig", "openai"],
    ["llmConfig.model", 4],
    ["llmConfig.apiKey", 12345],
    ["llmConfig.streaming", "true"],
    ["llmConfig.temperature", "hot"],
    ["llmConfig.extraBody", "{}"],
    ["ttsConfig", 1],
    ["ttsConfig.voiceId", []],
    ["ttsConfig.speed", "fast"],
    ["avatarConfig", 5],
    ["experimentalParams", false],
  ];
  for (const [p, v] of wrongTypes)
    out.push(mutate(`wrong type for ${p}: ${JSON.stringify(v)}`, p, v));
  // Out of range.
  const ranges: [string, unknown][] = [
    ["sdkAppId", 0],
    ["sdkAppId", -5],
    ["sdkAppId", 1.5],
    ["roomId", 0],
    ["roomId", 4294967295],
    ["roomId", 3.14],
    ["agentConfig.maxIdleTime", 0],
    ["agentConfig.maxIdleTime", 86401],
    ["agentConfig.maxIdleTime", 1.5],
    ["agentConfig.interruptSpeechDuration", -1],
    ["agentConfig.interruptSpeechDuration", 60001],
    ["agentConfig.userSigExpireSeconds", 10],
    ["agentConfig.ambientSound.volume", 3],
    ["sttConfig.vadSilenceTime", 239],
    ["sttConfig.vadSilenceTime", 2001],
    ["sttConfig.vadLevel", 6],
    ["sttConfig.vadLevel", -1],
    ["llmConfig.timeout", 0.5],
    ["llmConfig.timeout", 51],
    ["llmConfig.history", 51],
    ["llmConfig.temperature", 2.5],
    ["llmConfig.topP", 1.1],
    ["llmConfig.maxTokens", 0],
    ["ttsConfig.speed", 0.1],
    ["ttsConfig.speed", 3],
    ["ttsConfig.volume", 11],
    ["ttsConfig.pitch", 13],
    ["ttsConfig.pitch", -13],
  ];
  for (const [p, v] of ranges) {
    const needsScene = p.startsWith("agentConfig.ambientSound");
    out.push(
      mutate(`out of range ${p}: ${v}`, p, v, p, (o) => {
        if (needsScene) o.agentConfig.ambientSound = { scene: "busy_office" };
      }),
    );
  }
  // Values outside an allowed set.
  const enums: [string, unknown][] = [
    ["region", "eu-frankfurt"],
    ["region", "AP-GUANGZHOU"],
    ["region", ""],
    ["roomIdType", 2],
    ["agentConfig.interruptMode", 2],
    ["agentConfig.turnDetectionMode", 2],
    ["agentConfig.welcomeMessagePriority", 5],
    ["agentConfig.filterBracketsContent", 0],
    ["agentConfig.subtitleMode", 3],
    ["llmConfig.llmType", "gpt"],
    ["llmConfig.llmType", "OpenAI"],
    ["llmConfig.historyMode", 2],
    ["ttsConfig.ttsType", "volcengine"],
    ["ttsConfig.ttsType", ""],
  ];
  for (const [p, v] of enums) out.push(mutate(`not allowed ${p}: ${JSON.stringify(v)}`, p, v));
  // The real service: the room a bot joins, and the regions of its site (with none set, only
  // those both sites serve).
  out.push(
    mutate("an all-digit string roomId without roomIdType", "roomId", "12345", "roomIdType"),
  );
  for (const roomId of ["room/1", "räume", "a".repeat(65)]) {
    out.push(
      mutate(
        `a string room outside TRTC's rule: ${JSON.stringify(roomId.slice(0, 12))}`,
        "roomId",
        roomId,
      ),
    );
  }
  for (const region of ["na-ashburn", "ap-beijing", "ap-shanghai"]) {
    out.push(mutate(`a region not both sites serve (no trtc:site): ${region}`, "region", region));
  }
  out.push(
    mutate(
      "unknown ambient scene",
      "agentConfig.ambientSound",
      { scene: "beach" },
      "agentConfig.ambientSound.scene",
    ),
    mutate(
      "unknown eagerness",
      "agentConfig.turnDetection",
      { semanticEagerness: "eager" },
      "agentConfig.turnDetection.semanticEagerness",
    ),
    mutate(
      "two voiceprints",
      "agentConfig.voicePrint",
      { mode: 1, idList: ["a", "b"] },
      "agentConfig.voicePrint.idList",
    ),
    mutate("four alternative languages", "sttConfig.alternativeLanguage", ["a", "b", "c", "d"]),
  );
  // Missing required fields.
  for (const p of [
    "sdkAppId",
    "roomId",
    "agentConfig",
    "agentConfig.userId",
    "agentConfig.targetUserId",
    "agentConfig.userSigSecret",
    "llmConfig",
    "llmConfig.llmType",
    "llmConfig.model",
    "llmConfig.apiKey",
    "llmConfig.apiUrl",
    "ttsConfig",
    "ttsConfig.ttsType",
    "ttsConfig.voiceId",
    "ttsConfig.model",
  ]) {
    out.push(
      mutate(
        `missing ${p}`,
        p,
        undefined,
        p === "agentConfig.userSigSecret" ? "agentConfig.userSig" : p,
      ),
    );
  }
  out.push(
    mutate(
      "coze without botId",
      "llmConfig",
      { llmType: "coze", apiKey: "k", apiUrl: "https://api.coze.com/v3/chat" },
      "llmConfig.botId",
    ),
    mutate(
      "azure without subscriptionKey",
      "ttsConfig",
      { ttsType: "azure", region: "eastus", voiceName: "v", language: "en-US" },
      "ttsConfig.subscriptionKey",
    ),
    mutate(
      "minimax without groupId",
      "ttsConfig",
      { ttsType: "minimax", model: "m", apiUrl: "https://x", apiKey: "k", voiceType: "v" },
      "ttsConfig.groupId",
    ),
    mutate(
      "tencent without voiceType",
      "ttsConfig",
      { ttsType: "tencent", appId: 1, secretId: "a", secretKey: "b" },
      "ttsConfig.voiceType",
    ),
    mutate(
      "custom without apiUrl",
      "ttsConfig",
      { ttsType: "custom", apiKey: "k" },
      "ttsConfig.apiUrl",
    ),
    mutate("both userSig and userSigSecret", "agentConfig.userSig", "sig", "agentConfig.userSig"),
  );
  // Malformed JSON in the pass-through fields.
  for (const [p, v] of [
    ["sttConfig.customParam", '{"STTType":'],
    ["sttConfig.customParam", "not json"],
    ["avatarConfig", "{avatar"],
    ["experimentalParams", "{'single': 'quotes'}"],
    ["experimentalParams", "[1,2"],
  ] as const) {
    out.push(mutate(`malformed JSON in ${p}`, p, v));
  }
  // Empty, huge and unicode strings.
  out.push(
    mutate("empty roomId", "roomId", ""),
    mutate("huge roomId", "roomId", HUGE),
    mutate("empty sessionId", "sessionId", ""),
    mutate("huge sessionId", "sessionId", HUGE),
    mutate("unicode sessionId", "sessionId", "会话-1"),
    mutate("empty userId", "agentConfig.userId", ""),
    mutate("unicode userId", "agentConfig.userId", "机器人"),
    mutate("userId with a space", "agentConfig.userId", "ai bot"),
    mutate("33-character userId", "agentConfig.userId", "a".repeat(33)),
    mutate("emoji targetUserId", "agentConfig.targetUserId", "user_😀"),
    mutate("bot listening to itself", "agentConfig.targetUserId", "ai_bot"),
    mutate("huge welcome message", "agentConfig.welcomeMessage", HUGE),
    mutate("empty language", "sttConfig.language", ""),
    mutate("empty apiKey", "llmConfig.apiKey", ""),
    mutate("huge apiKey", "llmConfig.apiKey", HUGE),
    mutate("apiUrl without scheme", "llmConfig.apiUrl", "api.openai.com/v1"),
    mutate("ftp apiUrl", "llmConfig.apiUrl", "ftp://api.openai.com/v1"),
    mutate("empty model", "llmConfig.model", ""),
    mutate("empty voiceId", "ttsConfig.voiceId", ""),
    mutate(
      "empty interrupt word",
      "agentConfig.interruptWordList",
      [""],
      "agentConfig.interruptWordList.0",
    ),
    mutate("string room as numeric room", "roomIdType", 0, "roomId"),
    mutate("numeric room as string room", "roomIdType", 1, "roomIdType", (o) => (o.roomId = 1234)),
    mutate(
      "numeric string room above the range",
      "roomId",
      "4294967295",
      "roomId",
      (o) => (o.roomIdType = 0),
    ),
    mutate("unknown top-level field", "roomName", "x"),
    mutate("unknown agentConfig field", "agentConfig.userName", "x"),
    mutate("unknown sttConfig field", "sttConfig.lang", "en"),
    mutate(
      "unknown ambientSound field",
      "agentConfig.ambientSound",
      { scene: "busy_office", level: 1 },
      "agentConfig.ambientSound.level",
    ),
  );
  return out;
}
