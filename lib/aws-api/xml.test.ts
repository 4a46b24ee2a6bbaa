import { describe, expect, it } from "vitest";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { ec2Error, ec2Response, items, toXml } from "./xml";

const reference = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false, processEntities: true, format: false });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

describe("toXml", () => {
  const sample = {
    DescribeInstancesResponse: {
      "@_xmlns": "http://ec2.amazonaws.com/doc/2016-11-15/",
      requestId: "4f6c-…",
      reservationSet: items([
        {
          reservationId: "r-1",
          groupSet: items([{ groupId: "sg-1", groupName: "web & <db> \"quoted\" 'single'" }]),
          instancesSet: items([{ instanceId: "i-1", instanceState: { code: 16, name: "running" }, keyName: undefined, ebsOptimized: false, tagSet: "", productCodes: "" }]),
        },
        { reservationId: "r-2", groupSet: "", instancesSet: items([]) },
      ]),
    },
  };

  it("writes what fast-xml-parser writes, read back the same", () => {
    const mine = toXml(sample);
    const theirs = reference.build(JSON.parse(JSON.stringify(sample)));
    expect(parser.parse(mine)).toEqual(parser.parse(theirs));
    expect(mine).toContain("<groupName>web &amp; &lt;db&gt; &quot;quoted&quot; &apos;single&apos;</groupName>");
    expect(mine).toContain("<instanceState><code>16</code><name>running</name></instanceState>");
    expect(mine).not.toContain("keyName");
    expect(mine).toContain("<tagSet></tagSet>");
    expect(mine).toContain("<ebsOptimized>false</ebsOptimized>");
  });

  it("lists repeat <item>, attributes go on the element", () => {
    expect(toXml({ a: { "@_x": "1&2", item: [1, 2] } })).toBe('<a x="1&amp;2"><item>1</item><item>2</item></a>');
  });

  it("responses and errors in EC2's envelope", () => {
    expect(ec2Response("RebootInstances", "req-1", { return: true })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<RebootInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><return>true</return></RebootInstancesResponse>',
    );
    expect(ec2Error("InvalidAction", "No <such> action", "req-2")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidAction</Code><Message>No &lt;such&gt; action</Message></Error></Errors><RequestID>req-2</RequestID></Response>',
    );
  });
});

describe("stored values in XML", () => {
  // XML 1.0's Char production, less the terminal controls DEL and C1.
  const WELL_FORMED = /^[\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
  const strict = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

  it("never writes a character XML forbids or a terminal control, whatever a value holds", () => {
    const every = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(i)).join("");
    const hostile = [every, "\ud800", "a\udc00b", "\ufffe\uffff", "\u009b2J\u009b31m", "\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007", "😀 ok"];
    for (const v of hostile) {
      const xml = ec2Response("DescribeTags", "r", { tagSet: items([{ key: v, value: v }]), "@_note": v } as never);
      expect(xml).toMatch(WELL_FORMED);
      expect(() => strict.parse(xml)).not.toThrow();
    }
    // Tab, line feed, carriage return, and real characters pass unchanged.
    expect(toXml({ v: "a\tb\nc\rd é 😀" })).toBe("<v>a\tb\nc\rd é 😀</v>");
    expect(toXml({ v: "bell\u0007 csi\u009b del\u007f" })).toBe("<v>bell\uFFFD csi\uFFFD del\uFFFD</v>");
  });
});
