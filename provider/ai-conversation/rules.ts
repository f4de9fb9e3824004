/**
 * The zod rules that input fields are checked by, one builder per kind of value. Each message
 * says what is allowed; check.ts adds the field's name and the value given.
 */
import { z } from "zod";

/** A whole number from `min` to `max` (inclusive); `unit` is named in the message. */
export function intIn(min: number, max: number, unit = "") {
  return z
    .number()
    .int({ error: "It must be a whole number." })
    .refine((v) => v >= min && v <= max, {
      error: `Allowed range is ${min} to ${max}${unit}.`,
    });
}

/** A number from `min` to `max` (inclusive). */
export function numberIn(min: number, max: number, unit = "") {
  return z.number().refine((v) => v >= min && v <= max, {
    error: `Allowed range is ${min} to ${max}${unit}.`,
  });
}

/** A string of 1 to `max` characters. */
export function nonEmpty(max = 4096) {
  return z
    .string()
    .min(1, { error: "It must not be empty." })
    .max(max, { error: `It must be at most ${max} characters long.` });
}

export function oneOf<T extends readonly (string | number)[]>(values: T) {
  return z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T[number]>]);
}

/** A TRTC UserId: 1 to 32 letters, digits, `_` and `-`. */
export function userId() {
  return z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, {
    error: "It must be 1 to 32 characters of letters, digits, `_` and `-`.",
  });
}

/** A string of valid JSON text. */
export function jsonText() {
  return z.string().refine(
    (s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    },
    { error: "It must be valid JSON text." },
  );
}

/** JSON text of an object (e.g. `sttConfig.customParam`, which the API parses as one). */
export function jsonObjectText() {
  return z.string().refine(
    (s) => {
      try {
        const parsed: unknown = JSON.parse(s);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
      } catch {
        return false;
      }
    },
    { error: 'It must be JSON text of an object, e.g. {"key": "value"}.' },
  );
}

/**
 * `sttConfig.hotWordList`: "word|weight" entries separated by commas, at most 128, each word at
 * most 30 characters, each weight 1 to 11 or 100 (SDK model STTConfig.HotWordList).
 */
export function hotWordList() {
  return z.string().refine(
    (s) => {
      const entries = s.split(",");
      return (
        entries.length <= 128 &&
        entries.every((entry) => {
          const match = /^([^|]{1,30})\|(\d{1,3})$/.exec(entry);
          const weight = match ? Number(match[2]) : NaN;
          return (weight >= 1 && weight <= 11) || weight === 100;
        })
      );
    },
    {
      error:
        'It must be "word|weight" entries separated by commas (at most 128; words of at most 30 characters; weights 1 to 11 or 100), e.g. "Tencent|10,TRTC|11".',
    },
  );
}

/** An object, or JSON text (both are sent to the API as JSON text). */
export function objectOrJsonText() {
  return z.union([z.record(z.string(), z.unknown()), jsonText()]);
}

/** An http:// or https:// URL. */
export function httpUrl() {
  return z.string().refine((s) => /^https?:\/\/[^\s]+$/.test(s), {
    error: "It must be an http:// or https:// URL.",
  });
}

/** TRTC's numeric room ids, or its string rooms: "64 bytes; 89 characters: a-z A-Z 0-9, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ," (TRTCParams.strRoomId docs). */
export function roomIdRule() {
  return z.union([
    intIn(1, 4294967294),
    z
      .string()
      .min(1, { error: "It must not be empty." })
      .max(64, { error: "It must be at most 64 characters long." })
      .regex(/^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]*$/, {
        error:
          "A string room id may hold only a-z A-Z 0-9, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , (TRTC's 89 characters).",
      }),
  ]);
}

/** A user-given SessionId. */
export function sessionIdRule() {
  return z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
    error: "It must be 1 to 128 characters of letters, digits, `_`, `.`, `:` and `-`.",
  });
}
