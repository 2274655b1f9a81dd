package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// printable is s made safe for a terminal: control characters (ESC, which
// begins terminal escape sequences, the rest of C0, DEL and C1) and bytes
// that are not UTF-8 are shown as Go escapes (\x1b, \u009b, \xff), so that
// ids and texts from a strings file cannot recolour, move or clear the
// terminal, or forge lines of the report.
func printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case 0x80 <= r && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for _, r := range s {
		if r < 0x20 || 0x7f <= r && r <= 0x9f || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// printableLines is printable for a text of several lines, such as joined
// errors: its line breaks stay.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printable(l)
	}
	return strings.Join(lines, "\n")
}

// errText is err's message for the terminal.
func errText(err error) string { return printableLines(err.Error()) }

// printableList is printable for each of ids, joined with ", ".
func printableList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = printable(id)
	}
	return strings.Join(out, ", ")
}
