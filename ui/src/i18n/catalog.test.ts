import { describe, expect, it } from "vitest";

import { CATALOGS, initialLanguage, LANGUAGES, placeholdersIn, translate } from "./catalog";
import { en } from "./en";

describe("every language says every message", () => {
  const keys = Object.keys(en).sort();

  for (const language of LANGUAGES) {
    it(`${language} has exactly the English keys, each with text`, () => {
      const catalog = CATALOGS[language];
      expect(Object.keys(catalog).sort()).toEqual(keys);
      for (const key of keys) {
        expect(catalog[key as keyof typeof catalog].trim(), key).not.toBe("");
      }
    });

    it(`${language} uses the same placeholders as English in every message`, () => {
      const catalog = CATALOGS[language];
      for (const key of keys) {
        const k = key as keyof typeof en;
        expect(placeholdersIn(catalog[k]), key).toEqual(placeholdersIn(en[k]));
      }
    });
  }

  it("the Chinese catalogue is translated, not copied", () => {
    const same = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return CATALOGS["zh-CN"][key] === en[key] && /[a-z]{4,}/.test(en[key]);
    });
    // A language's own name is written the same in every language.
    expect(same).toEqual(["lang.en"]);
  });
});

describe("translation", () => {
  it("fills placeholders", () => {
    expect(translate("en", "customers.count", { count: "1,200" })).toBe("1,200 customers");
    expect(translate("zh-CN", "customers.count", { count: "1,200" })).toBe("共 1,200 个客户");
  });

  it("starts in the stored language, else Chinese for a Chinese system, else English", () => {
    expect(initialLanguage("zh-CN", "en-US")).toBe("zh-CN");
    expect(initialLanguage(null, "zh-Hans-CN")).toBe("zh-CN");
    expect(initialLanguage("fr", "de-DE")).toBe("en");
  });
});
