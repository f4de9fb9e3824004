/**
 * The corpus of malformed configurations against the provider's check, without the engine;
 * test/reliability/bad-input.spec.ts runs a sample of it through a real `pulumi preview`.
 */
import assert from "node:assert/strict";
import { validateInputs } from "../../../provider/ai-conversation/check";
import { badInputs, validBase } from "./bad-input-corpus";

describe("bad input: the corpus against validateInputs", () => {
  const corpus = badInputs();

  it("has a corpus of at least 100 malformed configurations", () => {
    assert.ok(corpus.length >= 100, `only ${corpus.length}`);
  });

  it("accepts the valid base the corpus mutates", () => {
    assert.deepEqual(validateInputs(validBase()).failures, []);
  });

  for (const bad of corpus) {
    it(`rejects ${bad.name}, naming ${bad.field}`, () => {
      const { inputs, failures } = validateInputs(bad.inputs);
      assert.equal(inputs, undefined);
      const named = failures.filter(
        (f) => f.property === bad.field && f.reason.includes(bad.field),
      );
      assert.ok(named.length > 0, `failures: ${JSON.stringify(failures)}`);
      for (const f of failures)
        assert.ok(f.reason.length < 400, `reason too long: ${f.reason.slice(0, 100)}…`);
    });
  }
});
