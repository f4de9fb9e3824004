import assert from "node:assert/strict";
import { bannerLines, exposureWarning, isLoopbackHost } from "../../../emulator/banner";
import { DEFAULT_APPS } from "../../../emulator";

describe("emulator start-up lines", () => {
  it("name the SecretIds, accounts and apps and where their secrets came from, never a secret", () => {
    const lines = bannerLines({
      url: "http://127.0.0.1:8787",
      secretId: "AKIDMAIN",
      sources: { secretKey: "TRTC_EMULATOR_SECRET_KEY", token: "--token" },
      keys: [
        { secretId: "AKID2", secretKey: "MARKER-KEY-2", account: "100001" },
        { secretId: "AKID3", secretKey: "MARKER-KEY-3" },
        { secretId: "AKID4", secretKey: "MARKER-KEY-4", token: "MARKER-TOKEN-4" },
      ],
      apps: { "1400000001": "MARKER-APP-1", "1400000002": "MARKER-APP-2" },
      appsFromFlags: true,
      site: "china",
    });
    assert.deepEqual(lines, [
      "listening on http://127.0.0.1:8787",
      "SecretId:  AKIDMAIN (temporary; SecretKey: from TRTC_EMULATOR_SECRET_KEY; X-TC-Token: from --token; neither printed)",
      "Key:       AKID2 (account 100001; SecretKey: from --key, not printed)",
      "Key:       AKID3 (its own account; SecretKey: from --key, not printed)",
      "Key:       AKID4 (its own account; temporary; SecretKey and X-TC-Token: from --temp-key, not printed)",
      "App:       1400000001 (UserSig key: from --app, not printed)",
      "App:       1400000002 (UserSig key: from --app, not printed)",
      "Site:      china",
      "Regions:   Start/Control ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley; Stop/Describe/Update ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley",
      "Inspect:   http://127.0.0.1:8787/_emulator/tasks",
    ]);
  });

  it("do not print the documented default keys either", () => {
    const lines = bannerLines({
      url: "http://127.0.0.1:8787",
      secretId: "AKIDEMULATOR0000000000000000000000",
      sources: { secretKey: "default" },
      keys: [],
      apps: DEFAULT_APPS,
      appsFromFlags: false,
      site: "intl",
    });
    assert.equal(
      lines[1],
      "SecretId:  AKIDEMULATOR0000000000000000000000 (SecretKey: the documented default, not printed)",
    );
    assert.equal(
      lines[2],
      "App:       1400000000 (UserSig key: the documented default, not printed)",
    );
    assert.doesNotMatch(lines.join("\n"), /emulator-secret-key|emulator-app-key/);
  });

  it("tell loopback hosts from others", () => {
    const loopback = [
      "127.0.0.1",
      "127.1.2.3",
      "localhost",
      "LOCALHOST",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "::1%lo",
      "::ffff:127.0.0.1",
    ];
    for (const host of loopback) assert.equal(isLoopbackHost(host), true, host);
    const others = [
      "0.0.0.0",
      "::",
      "",
      "10.0.0.1",
      "128.0.0.1",
      "::ffff:10.0.0.1",
      "fe80::1",
      "example.com",
      "localhost.example.com",
      "127.0.0.1.nip.io",
    ];
    for (const host of others) assert.equal(isLoopbackHost(host), false, host);
  });

  it("warn about a non-loopback host, naming it, the port and the open control endpoints", () => {
    assert.equal(
      exposureWarning("0.0.0.0", 8787),
      "trtc-emulator: warning: --host 0.0.0.0 is not a loopback address, so anyone who can reach " +
        "this machine on port 8787 can call the API and the control endpoints under /_emulator, " +
        "which have no authentication (reset, faults, clock, task status). Use --host 127.0.0.1 " +
        "unless other machines must reach the emulator.",
    );
    assert.equal(exposureWarning("127.0.0.1", 8787), undefined);
    assert.equal(exposureWarning("::1", 8787), undefined);
  });
});
