package dev.resilient.observation;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link MessageScrubber}: one precompiled, case-insensitive pattern finds, in a single
 * pass, and masks
 *
 * <ul>
 *   <li>header values: {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie},
 *       {@code Set-Cookie}, {@code X-…-Api-Key}, {@code X-…-Token},
 *       {@code X-…-Secret}, {@code X-…-Auth…} headers, written {@code Name: value} or
 *       {@code Name=value}, quoted or not: the whole value up to the end of the line, the next
 *       {@code , name=} / {@code , name:} pair or a closing {@code }} / {@code ]}
 *       ({@code Authorization: Bearer eyJ…} becomes {@code Authorization: ***});</li>
 *   <li>bearer and basic credentials anywhere: the token after {@code Bearer} / {@code Basic}
 *       ({@code Bearer ***});</li>
 *   <li>the user info of URLs: {@code https://user:pass@host} becomes {@code https://***@host};</li>
 *   <li>credential pairs in query strings and key-value text: a name containing {@code password},
 *       {@code passwd}, {@code pwd}, {@code secret}, {@code token}, {@code api_key} / {@code api-key}
 *       / {@code apikey}, {@code access_key}, {@code private_key} or {@code credential}, then
 *       {@code =} or {@code :}, then the value (quoted, a bearer/basic credential, or up to the next
 *       white space or {@code & , ; " ' } ] )}): {@code ?token=abc&page=2} becomes
 *       {@code ?token=***&page=2}.</li>
 * </ul>
 *
 * Text without any of these is returned as is (the same instance) after one scan. Thread-safe.
 */
public final class CredentialScrubber implements MessageScrubber {

    static final CredentialScrubber DEFAULT = new CredentialScrubber(Redaction.DEFAULT_REDACTION);

    private static final String TOKEN = "[a-z0-9\\-._~+/]+=*";

    private static final Pattern PATTERN = Pattern.compile(
            // a header and its whole value
            "(?<hn>\\b(?:proxy-authorization|authorization|set-cookie|cookie"
                    + "|x-[a-z0-9-]*?(?:api-?key|token|secret|auth)[a-z0-9-]*)\\b[\"']?)"
                    + "(?<hs>\\s*[:=]\\s*)"
                    + "(?<hv>\"[^\"\\r\\n]*\"|'[^'\\r\\n]*'"
                    + "|[^\\r\\n]+?(?=[\\r\\n]|$|,\\s*[\"']?[\\w-]+[\"']?\\s*[:=]|[}\\]]))"
                    // a bearer or basic credential
                    + "|(?<sc>\\b(?:bearer|basic)\\s+)(?<sv>" + TOKEN + ")"
                    // the user info of a URL
                    + "|(?<=://)(?<ui>[^/\\s@?#]+)@"
                    // a credential pair
                    + "|(?<pn>(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
                    + "|private[_-]?key|credential)[\\w.\\-]*[\"']?)"
                    + "(?<ps>\\s*[=:]\\s*)"
                    + "(?<pv>\"[^\"]*\"|'[^']*'|(?:bearer|basic)\\s+" + TOKEN + "|[^\\s&,;\"'}\\])]+)",
            Pattern.CASE_INSENSITIVE);

    private final String mask;

    /** A scrubber writing {@code mask} in place of what it removes. */
    public CredentialScrubber(String mask) {
        this.mask = Objects.requireNonNull(mask, "mask");
    }

    /** The text written in place of a credential. */
    public String mask() {
        return mask;
    }

    @Override
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = PATTERN.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, matcher.start());
            if (matcher.start("hn") >= 0) {
                out.append(matcher.group("hn")).append(matcher.group("hs"));
                masked(out, matcher.group("hv"));
            } else if (matcher.start("sc") >= 0) {
                out.append(matcher.group("sc")).append(mask);
            } else if (matcher.start("ui") >= 0) {
                out.append(mask).append('@');
            } else {
                out.append(matcher.group("pn")).append(matcher.group("ps"));
                masked(out, matcher.group("pv"));
            }
            last = matcher.end();
        } while (matcher.find());
        return out.append(text, last, text.length()).toString();
    }

    /** The mask, keeping the quotes of a quoted value. */
    private void masked(StringBuilder out, String value) {
        char first = value.charAt(0);
        if ((first == '"' || first == '\'') && value.length() > 1 && value.charAt(value.length() - 1) == first) {
            out.append(first).append(mask).append(first);
        } else {
            out.append(mask);
        }
    }

    @Override
    public String toString() {
        return "CredentialScrubber{mask=" + mask + '}';
    }
}
