import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../provider/ai-conversation/model";
import { CONFIG_KEYS, diffInputs } from "../../../provider/ai-conversation/diff";
import { validateInputs } from "../../../provider/ai-conversation/check";
import { stateRecord } from "../../../provider/ai-conversation/state";
import type { NormalizedInputs } from "../../../provider/ai-conversation/model";
import { type Raw, flowTts, openAiLlm } from "./fixtures";

function rawInput(): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "10001",
    roomIdType: 1,
    agentConfig: { userId: "support_bot", userSigSecret: "0123456789abcdef", targetUserId: "c_1" },
    sttConfig: { language: "en" },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
    avatarConfig: { AvatarType: "2d" },
    experimentalParams: '{"x":1}',
  };
}

/** What `check()` hands to `diff()` as news: checked inputs plus bookkeeping. */
function checked(raw: Raw = rawInput(), providerCode = "v1"): Raw {
  const { inputs, failures } = validateInputs({ ...raw, sessionScope: "proj/dev/bot" });
  assert.deepEqual(failures, []);
  return { ...(inputs as unknown as Raw), __provider: providerCode };
}

/** What releases before the digests stored as outputs (olds): inputs echoed plus runtime outputs. */
function echoed(raw: Raw = rawInput()): Raw {
  const news = checked(raw);
  delete news.__provider;
  const userSession = typeof raw.sessionId === "string";
  return {
    ...news,
    defaultsApplied: [...(news.defaultsApplied as string[]), ...(userSession ? [] : ["sessionId"])],
    taskId: "task-1.",
    sessionId: userSession ? raw.sessionId : "pt-0123456789abcdef0123456789abcdef01234567",
    requestId: "req-1",
    status: "InProgress",
    startTime: "2025-01-01 00:00:00.000000",
  };
}

/** What `create()` stores now: the state record of the same inputs and facts (state.ts). */
function recorded(raw: Raw = rawInput()): Raw {
  const news = checked(raw);
  delete news.__provider;
  const userSession = typeof raw.sessionId === "string";
  return stateRecord(
    news as unknown as NormalizedInputs,
    {
      taskId: "task-1.",
      sessionId: userSession
        ? (raw.sessionId as string)
        : "pt-0123456789abcdef0123456789abcdef01234567",
      requestId: "req-1",
      status: "InProgress",
      startTime: "2025-01-01 00:00:00.000000",
    },
    !userSession,
  );
}

function update(raw: Raw, path: string, value: unknown): Raw {
  const out = structuredClone(raw);
  const keys = path.split(".");
  let cur = out as Raw;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Raw;
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
  return out;
}

const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: true };

function replacing(...keys: string[]) {
  return { changes: true, replaces: keys, deleteBeforeReplace: true };
}

const FORMS: Array<[string, (raw?: Raw) => Raw]> = [
  ["the state record", recorded],
  ["an earlier release's echo of every input", echoed],
];

for (const [form, created] of FORMS) {
  describe(`diffInputs, from ${form}`, () => {
    it("reports no change for identical inputs", () => {
      assert.deepEqual(diffInputs(created(), checked()), NO_CHANGE);
    });

    it("always returns changes as a boolean", () => {
      const cases: Array<[Raw, Raw]> = [
        [created(), checked()],
        [created(), checked(update(rawInput(), "roomId", "other-room"))],
        [{}, {}],
        [{}, checked()],
        [created(), {}],
      ];
      for (const [olds, news] of cases) {
        assert.equal(typeof diffInputs(olds, news).changes, "boolean");
      }
    });

    const changes: Array<[string, string, unknown]> = [
      ["sdkAppId", "sdkAppId", 1400000001],
      ["roomId", "roomId", "sales-room"],
      ["roomIdType", "roomIdType", 0],
      ["region", "region", "ap-tokyo"],
      ["agentConfig", "agentConfig.welcomeMessage", "Hello!"],
      ["sttConfig", "sttConfig.language", "zh"],
      ["llmConfig", "llmConfig.model", "gpt-4o"],
      ["ttsConfig", "ttsConfig.voiceId", "v-male-1"],
      ["avatarConfig", "avatarConfig.AvatarType", "3d"],
      ["experimentalParams", "experimentalParams", '{"x":2}'],
    ];
    for (const [key, path, value] of changes) {
      it(`replaces the task, deleting first, when ${path} changes`, () => {
        const news = checked(update(rawInput(), path, value));
        assert.deepEqual(diffInputs(created(), news), replacing(key));
      });
    }

    it("covers every configuration key in the table above", () => {
      const tested = new Set([...changes.map(([key]) => key), "sessionId"]);
      assert.deepEqual([...CONFIG_KEYS].sort(), [...tested].sort());
    });

    it("replaces the task when a nested agentConfig value changes", () => {
      const raw = update(rawInput(), "agentConfig.ambientSound", { scene: "busy_office" });
      const news = checked(update(raw, "agentConfig.ambientSound.volume", 1.5));
      assert.deepEqual(diffInputs(created(raw), news), replacing("agentConfig"));
    });

    it("replaces the task when a list changes", () => {
      const raw = update(rawInput(), "agentConfig.interruptWordList", ["stop"]);
      const news = checked(update(raw, "agentConfig.interruptWordList", ["stop", "wait"]));
      assert.deepEqual(diffInputs(created(raw), news), replacing("agentConfig"));
    });

    it("replaces the task when a secret such as llmConfig.apiKey changes", () => {
      const news = checked(update(rawInput(), "llmConfig.apiKey", "sk-live-rotated-0000"));
      assert.deepEqual(diffInputs(created(), news), replacing("llmConfig"));
    });

    it("replaces the task when an optional group is added or removed", () => {
      const news = checked(update(rawInput(), "sttConfig", undefined));
      assert.deepEqual(diffInputs(created(), news), replacing("sttConfig"));
      const olds = created(update(rawInput(), "sttConfig", undefined));
      assert.deepEqual(diffInputs(olds, checked()), replacing("sttConfig"));
    });

    it("names every changed key when several change", () => {
      let raw = update(rawInput(), "roomId", "sales-room");
      raw = update(raw, "llmConfig.temperature", 0.2);
      raw = update(raw, "ttsConfig.speed", 1.5);
      assert.deepEqual(
        diffInputs(created(), checked(raw)),
        replacing("roomId", "llmConfig", "ttsConfig"),
      );
    });

    it("reports no change when only the provider's code (__provider) changed", () => {
      const olds = { ...created(), __provider: "old serialized code" };
      assert.deepEqual(diffInputs(olds, checked(rawInput(), "new serialized code")), NO_CHANGE);
    });

    it("reports no change when only sessionScope changed", () => {
      const news = { ...checked(), sessionScope: "proj/prod/bot" };
      assert.deepEqual(diffInputs(created(), news), NO_CHANGE);
    });

    it("reports no change when only defaultsApplied changed", () => {
      const news = { ...checked(), defaultsApplied: [] };
      assert.deepEqual(diffInputs(created(), news), NO_CHANGE);
    });

    it("ignores output-only fields of the old state", () => {
      const olds = { ...created(), taskId: "other.", status: "Preparing", requestId: "x" };
      assert.deepEqual(diffInputs(olds, checked()), NO_CHANGE);
    });

    // 0.1.0 state is always an echo of every input: no record of this release looks like it.
    if (created === echoed) {
      it("reports no change against state of a release that stored filled-in agent defaults", () => {
        // 0.1.0 stored every agentConfig default in state and listed it in defaultsApplied; one of
        // them (maxIdleTime) with a value the table no longer has, as after a change of a default.
        const olds = created();
        const agent = olds.agentConfig as Raw;
        Object.assign(agent, {
          maxIdleTime: 30,
          interruptMode: 0,
          interruptSpeechDuration: 500,
          turnDetectionMode: 0,
          filterOneWord: true,
          welcomeMessagePriority: 0,
        });
        olds.defaultsApplied = [
          ...(olds.defaultsApplied as string[]),
          "agentConfig.maxIdleTime",
          "agentConfig.interruptMode",
          "agentConfig.interruptSpeechDuration",
          "agentConfig.turnDetectionMode",
          "agentConfig.filterOneWord",
          "agentConfig.welcomeMessagePriority",
        ];
        assert.deepEqual(diffInputs(olds, checked()), NO_CHANGE);
        // The user now gives the value the old release filled in: no change either.
        assert.deepEqual(
          diffInputs(olds, checked(update(rawInput(), "agentConfig.maxIdleTime", 30))),
          NO_CHANGE,
        );
        // The table's default (60), asked for explicitly, differs from what the bot runs with (30).
        assert.deepEqual(
          diffInputs(olds, checked(update(rawInput(), "agentConfig.maxIdleTime", 60))),
          replacing("agentConfig"),
        );
        // A value that differs from what the bot runs with replaces it.
        assert.deepEqual(
          diffInputs(olds, checked(update(rawInput(), "agentConfig.interruptMode", 1))),
          replacing("agentConfig"),
        );
      });
    }

    it("reports no change when an agentConfig default is given explicitly, or no longer given", () => {
      const explicit = checked(update(rawInput(), "agentConfig.interruptSpeechDuration", 500));
      assert.deepEqual(diffInputs(created(), explicit), NO_CHANGE);
      const olds = created(update(rawInput(), "agentConfig.filterOneWord", true));
      assert.deepEqual(diffInputs(olds, checked()), NO_CHANGE);
      assert.deepEqual(
        diffInputs(created(), checked(update(rawInput(), "agentConfig.filterOneWord", false))),
        replacing("agentConfig"),
      );
    });

    it("reports no change when the default region changed (trtc:region) on both sides", () => {
      const news = { ...checked(), region: "ap-singapore" };
      assert.deepEqual(diffInputs(created(), news), NO_CHANGE);
    });

    it("replaces the task when an explicit value differs from the old default", () => {
      const news = checked(update(rawInput(), "agentConfig.maxIdleTime", 120));
      assert.deepEqual(diffInputs(created(), news), replacing("agentConfig"));
    });

    it("reports no change when an explicit value equal to the default is removed", () => {
      const explicit = update(rawInput(), "agentConfig.maxIdleTime", 60);
      assert.deepEqual(diffInputs(created(explicit), checked()), NO_CHANGE);
      assert.deepEqual(diffInputs(created(), checked(explicit)), NO_CHANGE);
    });

    it("compares plainly against state written without defaultsApplied", () => {
      const olds = { ...created() };
      delete olds.defaultsApplied;
      assert.deepEqual(diffInputs(olds, checked()), NO_CHANGE);
      const news = update(checked(), "agentConfig.maxIdleTime", 120);
      assert.deepEqual(diffInputs(olds, news), replacing("agentConfig"));
    });

    describe("sessionId", () => {
      it("reports no change for a derived sessionId in olds and none in news", () => {
        const olds = created();
        assert.match(olds.sessionId as string, /^pt-/);
        assert.equal(checked().sessionId, undefined);
        assert.deepEqual(diffInputs(olds, checked()), NO_CHANGE);
      });

      it("reports no change for an unchanged user-given sessionId", () => {
        const raw = update(rawInput(), "sessionId", "order-42");
        assert.deepEqual(diffInputs(created(raw), checked(raw)), NO_CHANGE);
      });

      it("replaces the task when a user-given sessionId changes", () => {
        const raw = update(rawInput(), "sessionId", "order-42");
        const news = checked(update(raw, "sessionId", "order-43"));
        assert.deepEqual(diffInputs(created(raw), news), replacing("sessionId"));
      });

      it("replaces the task when a sessionId is given where it was derived", () => {
        const news = checked(update(rawInput(), "sessionId", "order-42"));
        assert.deepEqual(diffInputs(created(), news), replacing("sessionId"));
      });

      it("replaces the task when a user-given sessionId is removed", () => {
        const olds = created(update(rawInput(), "sessionId", "order-42"));
        assert.deepEqual(diffInputs(olds, checked()), replacing("sessionId"));
      });
    });

    describe("values unknown during preview", () => {
      it("replaces the task when a top-level value is unknown", () => {
        const news = { ...checked(), roomId: UNKNOWN_VALUE };
        assert.deepEqual(diffInputs(created(), news), replacing("roomId"));
      });

      it("replaces the task when a nested value is unknown", () => {
        const news = update(checked(), "llmConfig.apiKey", UNKNOWN_VALUE);
        assert.deepEqual(diffInputs(created(), news), replacing("llmConfig"));
      });

      it("replaces the task when a whole group is unknown", () => {
        const news = { ...checked(), agentConfig: UNKNOWN_VALUE };
        assert.deepEqual(diffInputs(created(), news), replacing("agentConfig"));
      });

      it("replaces the task when an unknown value sits inside a list", () => {
        const raw = update(rawInput(), "agentConfig.interruptWordList", ["stop"]);
        const news = update(checked(raw), "agentConfig.interruptWordList", ["stop", UNKNOWN_VALUE]);
        assert.deepEqual(diffInputs(created(raw), news), replacing("agentConfig"));
      });

      it("replaces the task when an unknown value is a defaulted path on both sides", () => {
        const news = update(checked(), "agentConfig.maxIdleTime", UNKNOWN_VALUE);
        assert.deepEqual(diffInputs(created(), news), replacing("agentConfig"));
      });
    });

    describe("across releases", () => {
      /** Inputs as a release without the agentConfig.maxIdleTime default would have stored them. */
      function withoutMaxIdleDefault(props: Raw): Raw {
        const out = update(props, "agentConfig.maxIdleTime", undefined);
        out.defaultsApplied = (props.defaultsApplied as string[]).filter(
          (p) => p !== "agentConfig.maxIdleTime",
        );
        return out;
      }

      it("reports no change when a release adds a default the old state lacks", () => {
        assert.deepEqual(diffInputs(withoutMaxIdleDefault(created()), checked()), NO_CHANGE);
      });

      it("reports no change when a release removes a default the old state has", () => {
        assert.deepEqual(diffInputs(created(), withoutMaxIdleDefault(checked())), NO_CHANGE);
      });

      it("still replaces the task when the user sets a value where a release added a default", () => {
        const news = checked(update(rawInput(), "agentConfig.maxIdleTime", 300));
        assert.deepEqual(
          diffInputs(withoutMaxIdleDefault(created()), news),
          replacing("agentConfig"),
        );
      });
    });
  });

  describe(`diffInputs with updateInPlace, from ${form}`, () => {
    const IN_PLACE = { changes: true, replaces: [], deleteBeforeReplace: true };
    const on = (raw: Raw) => ({ ...raw, updateInPlace: true });

    it("updates a changed welcome message, interrupt setting, LLM or TTS config in place", () => {
      const olds = created();
      for (const [path, value] of [
        ["agentConfig.welcomeMessage", "Hi again"],
        ["agentConfig.interruptMode", 1],
        ["agentConfig.interruptSpeechDuration", 900],
        ["llmConfig.model", "gpt-4.1-mini"],
        ["ttsConfig.voiceId", "v-other"],
      ] as const) {
        assert.deepEqual(
          diffInputs(olds, checked(on(update(rawInput(), path, value)))),
          IN_PLACE,
          path,
        );
      }
    });

    it("updates a changed llmType in place: the whole LLM config is sent", () => {
      const dify = {
        llmType: "dify",
        apiKey: "app-1",
        apiUrl: "https://api.dify.ai/v1/chat-messages",
      };
      assert.deepEqual(
        diffInputs(created(), checked(on({ ...rawInput(), llmConfig: dify }))),
        IN_PLACE,
      );
    });

    it("decides from the new inputs: turned on together with a welcome change, it is an update", () => {
      const olds = created(); // without updateInPlace
      const news = checked(on(update(rawInput(), "agentConfig.welcomeMessage", "Hi")));
      assert.deepEqual(diffInputs(olds, news), IN_PLACE);
    });

    it("is no change when updateInPlace alone is toggled, either way", () => {
      assert.deepEqual(diffInputs(created(), checked(on(rawInput()))), NO_CHANGE);
      assert.deepEqual(diffInputs(created(on(rawInput())), checked(rawInput())), NO_CHANGE);
    });

    it("replaces without it, for a field Update cannot change, and for a removed agent field", () => {
      const welcome = update(rawInput(), "agentConfig.welcomeMessage", "Hi");
      assert.deepEqual(diffInputs(created(), checked(welcome)), replacing("agentConfig"));
      assert.deepEqual(
        diffInputs(created(), checked(on(update(rawInput(), "roomId", "10002")))),
        replacing("roomId"),
      );
      assert.deepEqual(
        diffInputs(created(), checked(on(update(welcome, "roomId", "10002")))),
        replacing("roomId", "agentConfig"),
      );
      assert.deepEqual(
        diffInputs(created(), checked(on(update(rawInput(), "agentConfig.targetUserId", "c_2")))),
        replacing("agentConfig"),
      );
      const withWelcome = created(update(rawInput(), "agentConfig.welcomeMessage", "Hi"));
      assert.deepEqual(diffInputs(withWelcome, checked(on(rawInput()))), replacing("agentConfig"));
    });

    it("is no change when adoptTaskId alone changes or goes", () => {
      const adopted = created({ ...rawInput(), adoptTaskId: "task-0." });
      assert.deepEqual(diffInputs(adopted, checked(rawInput())), NO_CHANGE);
      assert.deepEqual(
        diffInputs(adopted, checked({ ...rawInput(), adoptTaskId: "x." })),
        NO_CHANGE,
      );
    });
  });
}
