/// Makes untrusted text (span names, attribute values, server messages) inert.
///
/// Span text comes from whoever sends spans to Tempo. Before it reaches a screen or
/// a text export it must not be able to move the cursor, change the title, ring the
/// bell or reorder text, so escape sequences are removed whole and every other
/// control or bidirectional-override character is dropped.
public enum SafeText {
    /// Returns `text` with escape sequences and control characters removed;
    /// tabs and line breaks become single spaces.
    public static func clean(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let s = pending ?? scalars.next() {
            pending = nil
            switch s.value {
            case 0x1B:
                pending = skipEscape(&scalars)
            case 0x9B:
                pending = skipCSI(&scalars)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
                pending = skipString(&scalars)
            case 0x09, 0x0A, 0x0D:
                if out.last != " " { out.append(" ") }
            case 0x00..<0x20, 0x7F..<0xA0:
                continue
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    /// `clean(text)` with the characters a format gives meaning to replaced by their
    /// escapes (XML entities, Mermaid's `#quot;`, DOT's backslashes). With `maxCharacters`,
    /// text longer than that is cut (before escaping, so no escape is split) and ends
    /// with `…`: a hostile 20,000-character span name cannot make an export unusable.
    public static func clean(_ text: String, escaping table: [Character: String], maxCharacters: Int? = nil) -> String {
        var kept = clean(text)
        if let limit = maxCharacters, kept.count > limit {
            kept = String(kept.prefix(max(limit - 1, 0))) + "…"
        }
        var out = ""
        for c in kept {
            if let e = table[c] { out += e } else { out.append(c) }
        }
        return out
    }

    /// The first `maxBytes` bytes of an untrusted body as one line of inert text, with `…`
    /// when cut: safe to quote in an error message or on screen.
    public static func excerpt(of body: some Collection<UInt8>, maxBytes: Int = 200) -> String {
        let head = body.prefix(maxBytes)
        var text = clean(String(decoding: head, as: UTF8.self))
        if head.count < body.count {
            // A cut inside a multi-byte character decodes as U+FFFD: drop it.
            while text.unicodeScalars.last == "\u{FFFD}" { text.unicodeScalars.removeLast() }
        }
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return head.count < body.count ? text + "…" : text
    }

    /// Skips what follows an ESC; returns the first scalar after the sequence, if read.
    private static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        guard let next = it.next() else { return nil }
        switch next {
        case "[": return skipCSI(&it)
        case "]", "P", "X", "^", "_": return skipString(&it)
        default:
            // Two-character sequences (ESC 7, ESC c, ESC ( B …): drop the intermediates and final.
            var s = next
            while (0x20...0x2F).contains(s.value) {
                guard let n = it.next() else { return nil }
                s = n
            }
            return nil
        }
    }

    /// Control Sequence Introducer: parameters and intermediates up to a final byte 0x40–0x7E.
    private static func skipCSI(_ it: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let s = it.next() {
            if (0x40...0x7E).contains(s.value) { return nil }
            if !(0x20...0x3F).contains(s.value) { return s }
        }
        return nil
    }

    /// OSC, DCS, SOS, PM and APC strings end with BEL or ST (ESC \ or 0x9C).
    private static func skipString(_ it: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let s = it.next() {
            switch s.value {
            case 0x07, 0x9C: return nil
            case 0x1B:
                guard let n = it.next() else { return nil }
                if n == "\\" { return nil }
            default: continue
            }
        }
        return nil
    }
}
