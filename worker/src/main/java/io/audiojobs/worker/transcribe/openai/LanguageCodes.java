package io.audiojobs.worker.transcribe.openai;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI's verbose_json names the detected language in English words ("english", "german"); the
 * product stores codes like "en". Names the JDK knows (its English display names of the ISO 639-1
 * codes) and Whisper's own spellings map to codes; anything else is kept as given, lower-cased.
 */
final class LanguageCodes {

    private static final Map<String, String> BY_NAME = build();

    private LanguageCodes() {}

    /** "english" -> "en", "EN" -> "en", "en-US" -> "en-us", "klingon" -> "klingon", null/blank -> null. */
    static String toCode(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        String key = language.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        String code = BY_NAME.get(key);
        return code != null ? code : key;
    }

    private static Map<String, String> build() {
        Map<String, String> map = new HashMap<>();
        for (String code : Locale.getISOLanguages()) {
            String name = Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (!name.isBlank() && !name.equals(code)) {
                map.putIfAbsent(name, code);
            }
        }
        // Whisper's names that differ from the JDK's (see whisper/tokenizer.py LANGUAGES and aliases)
        map.put("chinese", "zh");
        map.put("mandarin", "zh");
        map.put("cantonese", "yue");
        map.put("myanmar", "my");
        map.put("burmese", "my");
        map.put("nynorsk", "nn");
        map.put("norwegian", "no");
        map.put("haitian creole", "ht");
        map.put("haitian", "ht");
        map.put("castilian", "es");
        map.put("valencian", "ca");
        map.put("flemish", "nl");
        map.put("moldavian", "ro");
        map.put("moldovan", "ro");
        map.put("sinhalese", "si");
        map.put("panjabi", "pa");
        map.put("pushto", "ps");
        map.put("letzeburgesch", "lb");
        map.put("luxembourgish", "lb");
        map.put("javanese", "jv");
        map.put("hawaiian", "haw");
        map.put("persian", "fa");
        map.put("slovenian", "sl");
        map.put("greek", "el");
        map.put("malay", "ms");
        map.put("swahili", "sw");
        map.put("tagalog", "tl");
        map.put("filipino", "tl");
        map.put("bashkir", "ba");
        map.put("tibetan", "bo");
        map.put("lingala", "ln");
        return Map.copyOf(map);
    }
}
