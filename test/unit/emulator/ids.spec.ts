import assert from "node:assert/strict";
import {
  isTaskIdFormat,
  MAX_TASK_ID_LENGTH,
  newRequestId,
  newTaskId,
  TASK_ID_SHAPES,
} from "../../../emulator/ids";

/** Tencent's example TaskIds (the 77-character one is cut short on its page, so rebuilt here). */
const TENCENT_EXAMPLES = {
  china72: "-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ..",
  noDot77: `hKPD2Q7k${"x".repeat(65)}LDZs`,
  intl116:
    "SV1FR+XTtvzAjRxZZ+aof1DfJF00VSBBNE0zR9W-PEpgCPBmt402BbnqMCdom79LtZO-VbLyV1nhVY1pFauWgrW12BevPvJ5Zn010RnD6vj3hgfbVH0.",
};

/** The length and trailing dots of a TaskId. */
function shapeOf(taskId: string): string {
  return `${taskId.length}/${/\.*$/.exec(taskId)?.[0].length}`;
}

describe("emulator ids", () => {
  describe("newTaskId", () => {
    it("takes turns through Tencent's three example shapes: 72 ending `..`, 77 without a dot, 116 ending `.`", () => {
      const shapes = [newTaskId(), newTaskId(), newTaskId()].map(shapeOf).sort();
      assert.deepEqual(shapes, ["116/1", "72/2", "77/0"]);
      assert.deepEqual(
        TASK_ID_SHAPES.map((s) => `${s.length}/${s.dots}`).sort(),
        Object.values(TENCENT_EXAMPLES).map(shapeOf).sort(),
      );
    });

    it("mints `A-Z a-z 0-9 + -` then the dots, never a leading `-`, always well-formed and new", () => {
      const ids = Array.from({ length: 600 }, () => newTaskId());
      for (const id of ids) {
        assert.match(id, /^[A-Za-z0-9+][A-Za-z0-9+-]*\.{0,2}$/);
        assert.ok(isTaskIdFormat(id), id);
      }
      assert.equal(new Set(ids).size, ids.length);
      // Every character of the alphabet turns up after the first position, `-` and `+` included.
      const seen = new Set(ids.flatMap((id) => [...id.slice(1).replace(/\.+$/, "")]));
      assert.equal(seen.size, 64);
    });
  });

  describe("isTaskIdFormat (assumed grammar: 1–256 of A-Z a-z 0-9 + - * . _)", () => {
    it("accepts Tencent's example TaskIds and any id of the grammar", () => {
      for (const id of [
        ...Object.values(TENCENT_EXAMPLES),
        "nope",
        "a",
        "not-a-task-id",
        "a*b_c.d+e-f",
        "...",
        "x".repeat(MAX_TASK_ID_LENGTH),
      ]) {
        assert.ok(isTaskIdFormat(id), id);
      }
    });

    it("refuses the empty string, more than 256 characters, and characters outside the grammar", () => {
      for (const id of [
        "",
        "x".repeat(MAX_TASK_ID_LENGTH + 1),
        "a b",
        "a/b",
        "a=b",
        "tâche",
        "a\nb",
        "a\u0000",
      ]) {
        assert.equal(isTaskIdFormat(id), false, JSON.stringify(id));
      }
    });
  });

  it("newRequestId is a uuid v4", () => {
    assert.match(
      newRequestId(),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
