package dev.orderpipeline.faults;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates request bodies for {@code POST /api/orders} from a small grammar of checkout JSON and its mutations:
 * wrong types, huge and odd numbers, unicode (emoji, right-to-left, zero-width, lone surrogates), deep nesting,
 * missing and extra fields, duplicate keys, broken syntax, invalid UTF-8, oversized bodies, odd content types and
 * Idempotency-Keys. Deterministic for a seed. Some cases are valid orders on purpose (they must be accepted and
 * then complete like any other).
 */
final class RestFuzzer {

    /** One generated request. */
    record Case(String kind, byte[] body, String contentType, String idempotencyKey) {
    }

    private static final String[] WEIRD_STRINGS = {
        "", " ", "\u0000", "\t\n", "null", "true", "0", "-1", "1e309", "NaN", "Infinity", "\u00e9l\u00e8ve@\u00e9cole.fr",
        "\ud83d\ude00\ud83d\udca5", "\u202etxt.exe", "a\u200bb@example.com", "\u0645\u0631\u062d\u0628\u0627", "\u4f60\u597d",
        "\\", "\"", "'; drop table customer_order; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}",
        "%s%s%n", "../../etc/passwd", "SKU-1\u0000", "\uFEFFSKU", "\uFFFF", "\u00a0", "a@b", "@example.com", "a@@b.com",
    };
    private static final String[] CONTENT_TYPES = {
        "text/plain", "application/xml", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "*/*",
        "application/json; charset=nonsense", "application/vnd.api+json",
    };

    private final Random random;
    private final List<String> knownSkus;
    private final List<String> validEmails;

    RestFuzzer(long seed, List<String> knownSkus, List<String> validEmails) {
        this.random = new Random(seed);
        this.knownSkus = knownSkus;
        this.validEmails = validEmails;
    }

    List<Case> generate(int count) {
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(next(i));
        }
        return cases;
    }

    Case next(int index) {
        int pick = random.nextInt(100);
        String kind;
        byte[] body;
        if (pick < 22) {
            kind = "mutated-fields";
            body = utf8(mutatedOrder());
        } else if (pick < 34) {
            kind = "random-json";
            body = utf8(value(0, 4));
        } else if (pick < 48) {
            kind = "broken-syntax";
            body = utf8(breakSyntax(validOrder()));
        } else if (pick < 54) {
            kind = "deep-nesting";
            body = utf8(deepNesting());
        } else if (pick < 58) {
            kind = "oversized";
            body = utf8(oversized());
        } else if (pick < 68) {
            kind = "unicode";
            body = utf8(unicodeOrder());
        } else if (pick < 73) {
            kind = "random-bytes";
            body = randomBytes();
        } else if (pick < 77) {
            kind = "empty-or-scalar";
            body = utf8(new String[] { "", " ", "null", "[]", "{}", "0", "\"\"", "true", "\n\n" }[random.nextInt(9)]);
        } else if (pick < 85) {
            kind = "huge-numbers";
            body = utf8(hugeNumbers());
        } else {
            kind = "valid-or-almost";
            body = utf8(random.nextInt(3) == 0 ? validOrder() : almostValidOrder());
        }
        String contentType = random.nextInt(100) < 92 ? "application/json" : random.nextInt(8) == 0 ? null
                : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        String key = null;
        int keyPick = random.nextInt(100);
        if (keyPick < 3) {
            key = "k".repeat(150 + random.nextInt(200));
        } else if (keyPick < 5) {
            key = "fuzz-key-" + random.nextInt(20);
        } else if (keyPick < 6) {
            key = " ";
        }
        return new Case(kind, body, contentType, key);
    }

    // --- valid and almost-valid orders

    String validOrder() {
        int lines = 1 + random.nextInt(3);
        StringBuilder items = new StringBuilder();
        List<String> skus = new ArrayList<>(knownSkus);
        java.util.Collections.shuffle(skus, random);
        for (int i = 0; i < Math.min(lines, skus.size()); i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":").append(quote(skus.get(i))).append(",\"quantity\":")
                    .append(1 + random.nextInt(5)).append('}');
        }
        return "{\"customerEmail\":" + quote(validEmails.get(random.nextInt(validEmails.size()))) + ",\"items\":[" + items + "]}";
    }

    private String almostValidOrder() {
        String email = quote(validEmails.get(random.nextInt(validEmails.size())));
        String sku = quote(random.nextBoolean() ? knownSkus.get(random.nextInt(knownSkus.size())) : "NO-SUCH-" + random.nextInt(1000));
        return switch (random.nextInt(10)) {
            case 0 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":0}]}";
            case 1 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":1001}]}";
            case 2 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":-5}]}";
            case 3 -> "{\"customerEmail\":" + email + ",\"items\":[]}";
            case 4 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":1},{\"sku\":" + sku + ",\"quantity\":2}]}";
            case 5 -> "{\"customerEmail\":\"not-an-email\",\"items\":[{\"sku\":" + sku + ",\"quantity\":1}]}";
            case 6 -> "{\"customerEmail\":" + email + ",\"items\":[" + "{\"sku\":\"L%d\",\"quantity\":1},".repeat(51).formatted(
                    java.util.stream.IntStream.range(0, 51).boxed().toArray()).replaceAll(",$", "") + "]}";
            case 7 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":1}],\"coupon\":\"FREE\"}";
            case 8 -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":\"2\"}]}";
            default -> "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":1.5}]}";
        };
    }

    // --- mutations

    private String mutatedOrder() {
        String email = random.nextInt(4) == 0 ? value(1, 2) : quote(validEmails.get(random.nextInt(validEmails.size())));
        String sku = random.nextInt(3) == 0 ? value(2, 3) : quote(knownSkus.get(random.nextInt(knownSkus.size())));
        String quantity = random.nextInt(3) == 0 ? value(2, 3) : String.valueOf(random.nextInt(2000) - 500);
        String item = random.nextInt(8) == 0 ? value(1, 3) : "{" + field("sku", sku) + "," + field("quantity", quantity)
                + (random.nextInt(6) == 0 ? "," + field(randomKey(), value(2, 2)) : "") + "}";
        String items = random.nextInt(6) == 0 ? value(1, 3) : "[" + item + (random.nextInt(5) == 0 ? "," + item : "") + "]";
        List<String> fields = new ArrayList<>();
        if (random.nextInt(8) != 0) {
            fields.add(field("customerEmail", email));
        }
        if (random.nextInt(8) != 0) {
            fields.add(field("items", items));
        }
        if (random.nextInt(5) == 0) {
            fields.add(field(randomKey(), value(1, 3)));
        }
        if (random.nextInt(10) == 0 && !fields.isEmpty()) {
            fields.add(fields.get(0)); // duplicate key
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private String breakSyntax(String json) {
        StringBuilder text = new StringBuilder(json);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(8)) {
                case 0 -> text.setLength(at); // truncated
                case 1 -> text.deleteCharAt(at);
                case 2 -> text.insert(at, "{[\",:}]'\\".charAt(random.nextInt(9)));
                case 3 -> text.insert(at, "/* comment */");
                case 4 -> text.append(",");
                case 5 -> text.append(" trailing garbage");
                case 6 -> text.replace(0, text.length(), text.toString().replace('"', '\''));
                default -> text.insert(at, "\u0000");
            }
        }
        return text.toString();
    }

    private String deepNesting() {
        int depth = random.nextBoolean() ? 50 + random.nextInt(900) : 1000 + random.nextInt(5000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String inner = open.repeat(depth) + "1" + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
        return random.nextBoolean() ? inner : "{\"customerEmail\":\"x@example.com\",\"items\":" + inner + "}";
    }

    private String oversized() {
        int size = random.nextInt(5) == 0 ? 1_100_000 : 60_000 + random.nextInt(20_000);
        String filler = "x".repeat(size);
        return switch (random.nextInt(3)) {
            case 0 -> "{\"customerEmail\":\"" + filler + "@example.com\",\"items\":[{\"sku\":\"A\",\"quantity\":1}]}";
            case 1 -> "{\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"" + filler + "\",\"quantity\":1}]}";
            default -> "{\"customerEmail\":\"a@example.com\",\"items\":[" + "{\"sku\":\"A\",\"quantity\":1},".repeat(size / 28) + "{}]}";
        };
    }

    private String unicodeOrder() {
        String email = random.nextBoolean() ? quote(WEIRD_STRINGS[random.nextInt(WEIRD_STRINGS.length)] + "@example.com")
                : quote(randomUnicode(1 + random.nextInt(40)));
        String sku = random.nextBoolean() ? quote(randomUnicode(1 + random.nextInt(70))) : "\"\\ud800\\udc00\\ud800\"";
        return "{\"customerEmail\":" + email + ",\"items\":[{\"sku\":" + sku + ",\"quantity\":1}]}";
    }

    private String hugeNumbers() {
        String number = switch (random.nextInt(9)) {
            case 0 -> new BigInteger(64 + random.nextInt(3000), random).toString();
            case 1 -> "-" + new BigInteger(64 + random.nextInt(200), random);
            case 2 -> "1e" + (300 + random.nextInt(100000));
            case 3 -> "-0";
            case 4 -> "0." + "0".repeat(random.nextInt(500)) + "1";
            case 5 -> "2147483648";
            case 6 -> "-2147483649";
            case 7 -> "9223372036854775808";
            default -> "1" + "0".repeat(1000 + random.nextInt(2000));
        };
        return random.nextBoolean()
                ? "{\"customerEmail\":\"n@example.com\",\"items\":[{\"sku\":" + quote(knownSkus.get(0)) + ",\"quantity\":" + number + "}]}"
                : "{\"customerEmail\":" + number + ",\"items\":[{\"sku\":" + number + ",\"quantity\":1}]}";
    }

    // --- values

    String value(int depth, int maxDepth) {
        int pick = random.nextInt(depth >= maxDepth ? 7 : 9);
        return switch (pick) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextInt());
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> quote(WEIRD_STRINGS[random.nextInt(WEIRD_STRINGS.length)]);
            case 5 -> quote(randomUnicode(random.nextInt(30)));
            case 6 -> new BigInteger(40 + random.nextInt(300), random).toString();
            case 7 -> {
                int size = random.nextInt(4);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    values.add(value(depth + 1, maxDepth));
                }
                yield "[" + String.join(",", values) + "]";
            }
            default -> {
                int size = random.nextInt(4);
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    fields.add(field(random.nextInt(3) == 0 ? new String[] { "sku", "quantity", "items", "customerEmail" }[random.nextInt(4)]
                            : randomKey(), value(depth + 1, maxDepth)));
                }
                yield "{" + String.join(",", fields) + "}";
            }
        };
    }

    private String randomKey() {
        return random.nextBoolean() ? "extra" + random.nextInt(100) : randomUnicode(1 + random.nextInt(10));
    }

    private String randomUnicode(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                text.append((char) (' ' + random.nextInt(95)));
            } else if (pick < 6) {
                text.appendCodePoint(0x80 + random.nextInt(0x2000));
            } else if (pick < 7) {
                text.appendCodePoint(0x1F300 + random.nextInt(0x300)); // emoji (surrogate pairs)
            } else if (pick < 8) {
                text.append(new char[] { '\u200b', '\u200e', '\u202e', '\ufeff', '\u0000', '\u001f', '\u2028' }[random.nextInt(7)]);
            } else if (pick < 9) {
                text.appendCodePoint(0x4E00 + random.nextInt(0x5000));
            } else {
                text.appendCodePoint(0x10000 + random.nextInt(0xFFFF));
            }
        }
        return text.toString();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        if (bytes.length > 2 && random.nextBoolean()) {
            bytes[0] = '{';
            bytes[1] = '"';
        }
        return bytes;
    }

    /** A JSON string literal; unpaired surrogates and control characters are escaped as \\uXXXX. */
    static String quote(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !validPair(value, i)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
                if (Character.isHighSurrogate(c)) {
                    json.append(value.charAt(++i));
                }
            }
        }
        return json.append('"').toString();
    }

    private static boolean validPair(String value, int i) {
        return Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }

    private static String field(String name, String value) {
        return quote(name) + ":" + value;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
