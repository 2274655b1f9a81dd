// Package hyphen finds where words may be hyphenated, by Frank Liang's
// algorithm ("Word Hy-phen-a-tion by Com-put-er", Stanford, 1983 — the one
// TeX uses) over the TeX hyph-utf8 patterns for American English, French,
// Spanish and Russian. It knows words, not text: which words of a line to
// hyphenate, and what to draw at a break, is the text engine's business.
//
// The patterns, exceptions and their licences are in patterns/, as Debian's
// texlive-lang-* packages ship them (see patterns/README).
package hyphen

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed patterns/*.txt
var files embed.FS

// MinWord is the shortest word hyphenated, in letters: a break in a word of
// four letters leaves fragments too short to read (TeX's \lefthyphenmin and
// \righthyphenmin of 2 and 3 already forbid most; this is Word's and
// InDesign's default of 5).
const MinWord = 5

// MaxWord is the longest word hyphenated, in letters. The longest words of
// the four dictionaries are under 40 letters; a longer string of letters is
// an identifier or noise, and Liang's search is quadratic in the length.
const MaxWord = 64

// Patterns are one language's hyphenation patterns and exceptions. They are
// read once and then only read: safe for concurrent use.
type Patterns struct {
	Tag string // the hyph-utf8 tag: en-us, fr, es, ru
	// Left and Right are the fewest letters before and after a break
	// (the file header's hyphenmins, \lefthyphenmin and \righthyphenmin).
	Left, Right int
	// pats maps a pattern's letters (with '.' for a word edge) to its
	// digits: pats["hena"] = [0 0 0 2 0] for "hen2a" — one more digit than
	// letters, the digit before each letter and one after the last.
	pats   map[string][]uint8
	maxLen int // letters of the longest pattern
	// exceptions maps a whole lower-case word to its break points.
	exceptions map[string][]int
}

// tags maps a language subtag to its pattern file. Every English takes the
// American patterns, the only permissively licensed English set
// (en-gb's are LPPL and were not asked for).
var tags = map[string]string{"en": "en-us", "fr": "fr", "es": "es", "ru": "ru"}

var (
	mu     sync.Mutex
	loaded = map[string]*Patterns{}
	failed = map[string]error{}
)

// For returns the patterns for a BCP 47 language tag ("en", "en-GB",
// "fr-CA", "ru"), or nil when there are none for its language.
func For(lang string) *Patterns {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	primary, _, _ = strings.Cut(primary, "_")
	tag, ok := tags[primary]
	if !ok {
		return nil
	}
	p, err := load(tag)
	if err != nil {
		return nil // the embedded files are checked by the package's tests
	}
	return p
}

// load parses a language's files once.
func load(tag string) (*Patterns, error) {
	mu.Lock()
	defer mu.Unlock()
	if p := loaded[tag]; p != nil {
		return p, nil
	}
	if err := failed[tag]; err != nil {
		return nil, err
	}
	p, err := parse(tag)
	if err != nil {
		failed[tag] = err
		return nil, err
	}
	loaded[tag] = p
	return p, nil
}

func parse(tag string) (*Patterns, error) {
	p := &Patterns{Tag: tag, pats: map[string][]uint8{}, exceptions: map[string][]int{}}
	lic, err := files.ReadFile("patterns/hyph-" + tag + ".lic.txt")
	if err != nil {
		return nil, fmt.Errorf("hyphen: %v", err)
	}
	if p.Left, p.Right, err = hyphenmins(lic); err != nil {
		return nil, fmt.Errorf("hyphen: patterns/hyph-%s.lic.txt: %v", tag, err)
	}
	pat, err := files.ReadFile("patterns/hyph-" + tag + ".pat.txt")
	if err != nil {
		return nil, fmt.Errorf("hyphen: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(pat))
	for n := 1; sc.Scan(); n++ {
		for _, f := range strings.Fields(sc.Text()) {
			letters, digits, ok := splitPattern(f)
			if !ok {
				return nil, fmt.Errorf("hyphen: patterns/hyph-%s.pat.txt:%d: bad pattern %q", tag, n, f)
			}
			p.pats[letters] = digits
			p.maxLen = max(p.maxLen, len(digits)-1)
		}
	}
	if hyp, err := files.ReadFile("patterns/hyph-" + tag + ".hyp.txt"); err == nil {
		for _, f := range strings.Fields(string(hyp)) {
			word, points := splitException(f)
			p.exceptions[word] = points
		}
	}
	return p, nil
}

// splitPattern splits "hen2a" into "hena" and its inter-letter digits.
func splitPattern(f string) (string, []uint8, bool) {
	var letters []rune
	digits := []uint8{0}
	for _, r := range f {
		if r >= '0' && r <= '9' {
			digits[len(digits)-1] = uint8(r - '0')
			continue
		}
		letters = append(letters, r)
		digits = append(digits, 0)
	}
	return string(letters), digits, len(letters) > 0
}

// splitException splits "as-so-ciate" into "associate" and [2 4].
func splitException(f string) (string, []int) {
	var word []rune
	var points []int
	for _, r := range strings.ToLower(f) {
		if r == '-' {
			points = append(points, len(word))
			continue
		}
		word = append(word, r)
	}
	return string(word), points
}

// hyphenmins reads "hyphenmins: typesetting: left: N right: N" from a
// hyph-utf8 header.
func hyphenmins(header []byte) (left, right int, err error) {
	in := false
	for _, line := range strings.Split(string(header), "\n") {
		t := strings.TrimSpace(strings.TrimPrefix(line, "%"))
		switch {
		case t == "hyphenmins:":
			in = true
		case in && strings.HasPrefix(t, "left:"):
			left, err = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(t, "left:")))
		case in && strings.HasPrefix(t, "right:"):
			right, err = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(t, "right:")))
		}
		if err != nil {
			return 0, 0, err
		}
		if left > 0 && right > 0 {
			return left, right, nil
		}
	}
	return 0, 0, fmt.Errorf("no hyphenmins")
}

// Points returns where word may be hyphenated: each i in the result allows
// a break between word[i-1] and word[i]. A word of fewer than MinWord or
// more than MaxWord letters, or with a character that is not a letter
// (digits, '@', '/'), has none; so have the Left letters at its start and
// the Right at its end. Upper-case letters are looked up in lower case.
func (p *Patterns) Points(word []rune) []int {
	n := len(word)
	if p == nil || n < MinWord || n > MaxWord || n < p.Left+p.Right {
		return nil
	}
	lower := make([]rune, 0, n+2)
	lower = append(lower, '.')
	for _, r := range word {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '\'' && r != '’' {
			return nil
		}
		lower = append(lower, unicode.ToLower(r))
	}
	lower = append(lower, '.')
	if pts, ok := p.exceptions[string(lower[1:n+1])]; ok {
		return clip(pts, n, p.Left, p.Right)
	}
	// values[k] is the highest digit between lower[k-1] and lower[k].
	values := make([]uint8, len(lower)+1)
	var key strings.Builder
	for i := range lower {
		key.Reset()
		for j := i; j < len(lower) && j-i < p.maxLen; j++ {
			key.WriteRune(lower[j])
			digits, ok := p.pats[key.String()]
			if !ok {
				continue
			}
			for k, d := range digits {
				values[i+k] = max(values[i+k], d)
			}
		}
	}
	var pts []int
	// values[k+1] is the digit between word[k-1] and word[k] (lower has
	// the leading dot).
	for k := 1; k < n; k++ {
		if values[k+1]%2 == 1 {
			pts = append(pts, k)
		}
	}
	return clip(pts, n, p.Left, p.Right)
}

// clip drops the points closer than left to the start or right to the end.
func clip(pts []int, n, left, right int) []int {
	var out []int
	for _, k := range pts {
		if k >= left && n-k >= right {
			out = append(out, k)
		}
	}
	return out
}

// Hyphenate returns word with a hyphen at each point, for tests and
// diagnostics: "hy-phen-ation".
func (p *Patterns) Hyphenate(word string) string {
	w := []rune(word)
	return p.render(w, p.Points(w))
}

func (*Patterns) render(w []rune, pts []int) string {
	var b strings.Builder
	for i, r := range w {
		if len(pts) > 0 && pts[0] == i {
			b.WriteRune('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
	}
	return b.String()
}
