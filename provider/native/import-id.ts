/**
 * The ID `pulumi import trtc:index:AIConversation <name> <ID>` takes: `SDKAPPID/REGION/TASKID`,
 * e.g. `1400000000/ap-singapore/<TaskId>`. A TaskId alone cannot be imported: DescribeAIConversation
 * must be asked in the task's region, and the app is recorded as the bot's `sdkAppId`. TaskIds
 * never hold a `/` (1–256 characters of `A-Z a-z 0-9 + - * . _`), so the split is unambiguous.
 */
import { REGIONS, type Region } from "../trtc/constants";

/** What an import ID names. */
export interface ImportId {
  sdkAppId: number;
  region: Region;
  taskId: string;
}

/** How an import ID is written, for messages. */
export const IMPORT_ID_FORMAT = "SDKAPPID/REGION/TASKID (e.g. 1400000000/ap-singapore/<TaskId>)";

/** Whether `id` has the import form (two `/`), as opposed to a TaskId (a resource's own id). */
export function isImportId(id: string): boolean {
  return id.split("/").length === 3;
}

/**
 * Parses an import ID.
 *
 * @throws an Error naming the part that is wrong, what it takes, and the whole format.
 */
export function parseImportId(id: string): ImportId {
  const parts = id.split("/");
  if (parts.length !== 3) {
    throw new Error(`Invalid import ID ${JSON.stringify(id)}: expected ${IMPORT_ID_FORMAT}.`);
  }
  const [app, region, taskId] = parts;
  if (!/^[1-9][0-9]{0,9}$/.test(app) || Number(app) > 0xffffffff) {
    throw new Error(
      `Invalid SDKAPPID in import ID ${JSON.stringify(id)}: ${JSON.stringify(app)}. It is the TRTC application's numeric SdkAppId; expected ${IMPORT_ID_FORMAT}.`,
    );
  }
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new Error(
      `Invalid REGION in import ID ${JSON.stringify(id)}: ${JSON.stringify(region)}. Allowed values are: ${REGIONS.join(", ")}.`,
    );
  }
  if (!/^[A-Za-z0-9+\-*._]{1,256}$/.test(taskId)) {
    throw new Error(
      `Invalid TASKID in import ID ${JSON.stringify(id)}: ${JSON.stringify(taskId)}. A TaskId is 1 to 256 characters of A-Z a-z 0-9 + - * . _ (StartAIConversation returns it); expected ${IMPORT_ID_FORMAT}.`,
    );
  }
  return { sdkAppId: Number(app), region: region as Region, taskId };
}
