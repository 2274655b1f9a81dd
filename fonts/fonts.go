// Package fonts owns posterkit's font files: the embedded Noto set, fonts a
// user brings, parsing each file once per process, the fallback chain per
// script and style, and coverage checks.
//
// It knows nothing of layout: the text engine asks it for a chain of fonts
// and whether a font covers a character; backends ask it for a font's bytes.
package fonts

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"posterkit/fonts/internal/sfnt"
)

//go:embed licenses/*.txt
var files embed.FS

// Role says what a text style is for; Arabic has a display face (Kufi) and a
// text face (Naskh), other scripts use one family for both.
type Role uint8

const (
	Text Role = iota
	Display
)

func (r Role) String() string {
	if r == Display {
		return "display"
	}
	return "text"
}

// Weight is a CSS/OpenType weight class (400 regular, 700 bold, 900 black).
type Weight int

const (
	Regular Weight = 400
	Bold    Weight = 700
	Black   Weight = 900
)

func (w Weight) String() string {
	switch w {
	case Regular:
		return "regular"
	case Bold:
		return "bold"
	case Black:
		return "black"
	}
	return fmt.Sprintf("weight %d", int(w))
}

// Font is one font file. Its bytes are kept for embedding in PDFs; it is
// parsed on first use, once per process, and is then safe for concurrent use.
// Shaping and outline extraction need a *gofont.Face, which carries a cache
// that is not safe for concurrent use: make one per goroutine, with
// ShapingFace for the text engine, OutlineFace for drawing a page's glyphs,
// or NewFace for a face on the whole parsed font. (For the embedded fonts
// the first two skip parsing every outline: see shaping.go, outlines.go.)
type Font struct {
	Name   string // file name without extension, e.g. "NotoSans-Bold"
	Family string // e.g. "Noto Sans"
	Weight Weight
	Data   []byte

	// embedded marks the bundled Noto fonts, which are trusted: their
	// text engine face is parsed without outlines (see shapingFont).
	embedded bool
	standIn  standInState

	once   sync.Once
	parsed *gofont.Font
	err    error
	full   atomic.Bool // parsed is set

	digestOnce sync.Once
	digest     [sha256.Size]byte

	metricsOnce sync.Once
	metrics     *Metrics
	metricsErr  error
}

// Parsed returns the parsed font, parsing it on first call.
func (f *Font) Parsed() (*gofont.Font, error) {
	f.once.Do(func() {
		face, err := parse(f.Data)
		if err != nil {
			f.err = fmt.Errorf("fonts: %s: %w", f.Name, err)
			return
		}
		f.parsed = face.Font
		f.full.Store(true)
	})
	return f.parsed, f.err
}

// SHA256 returns the SHA-256 of the font file, computed on first call
// (for the embedded fonts, known in advance); it is safe for concurrent use.
func (f *Font) SHA256() [sha256.Size]byte {
	f.digestOnce.Do(func() {
		if h, ok := embeddedSHA256[f.Name]; ok && f.embedded {
			if _, err := hex.Decode(f.digest[:], []byte(h)); err == nil {
				return
			}
		}
		f.digest = sha256.Sum256(f.Data)
	})
	return f.digest
}

// NewFace returns a new face on the parsed font, for one goroutine's use.
func (f *Font) NewFace() (*gofont.Face, error) {
	p, err := f.Parsed()
	if err != nil {
		return nil, err
	}
	return gofont.NewFace(p), nil
}

// Covers reports whether the font maps r to a glyph. A font that fails to
// parse covers nothing.
func (f *Font) Covers(r rune) bool {
	p, err := f.shapingFont()
	if err != nil {
		return false
	}
	_, ok := p.NominalGlyph(r)
	return ok
}

func (f *Font) String() string { return f.Name }

// Registry holds a set of fonts and answers which to use for a script. The
// zero value is empty; Default returns the embedded Noto set. A Registry is
// immutable once built and safe for concurrent use.
type Registry struct {
	user     []*Font // brought by the user; first in every chain
	families map[string][]*Font
}

// Family names of the embedded set.
const (
	NotoSans        = "Noto Sans"
	NotoKufiArabic  = "Noto Kufi Arabic"
	NotoNaskhArabic = "Noto Naskh Arabic"
	NotoSansSC      = "Noto Sans SC"
	NotoSymbols2    = "Noto Sans Symbols 2"
	NotoMath        = "Noto Sans Math"
	NotoEmoji       = "Noto Emoji"
)

// lastResort is tried, in order, after a script's own chain.
var lastResort = []string{NotoSans, NotoSymbols2, NotoMath, NotoEmoji, NotoSansSC, NotoNaskhArabic}

var (
	defaultOnce sync.Once
	defaultReg  *Registry
)

// Default returns the registry of the embedded Noto fonts. Fonts are parsed
// lazily, so calling it is cheap.
func Default() *Registry {
	defaultOnce.Do(func() {
		defaultReg = &Registry{families: map[string][]*Font{}}
		for name, data := range embedded {
			fam, w := parseFileName(name)
			f := &Font{Name: name, Family: fam, Weight: w, Data: data, embedded: true}
			defaultReg.families[fam] = append(defaultReg.families[fam], f)
		}
		for _, fs := range defaultReg.families {
			sort.Slice(fs, func(i, j int) bool { return fs[i].Weight < fs[j].Weight })
		}
	})
	return defaultReg
}

// parseFileName maps "NotoKufiArabic-Bold" to ("Noto Kufi Arabic", Bold).
func parseFileName(name string) (string, Weight) {
	base, style, _ := strings.Cut(name, "-")
	w := Regular
	switch style {
	case "Bold":
		w = Bold
	case "Black":
		w = Black
	}
	fam := map[string]string{
		"NotoSans": NotoSans, "NotoKufiArabic": NotoKufiArabic, "NotoNaskhArabic": NotoNaskhArabic,
		"NotoSansSC": NotoSansSC, "NotoSansSymbols2": NotoSymbols2, "NotoSansMath": NotoMath, "NotoEmoji": NotoEmoji,
	}[base]
	if fam == "" {
		fam = base
	}
	return fam, w
}

// Licenses returns the licence files of the embedded fonts, by file name.
func Licenses() map[string][]byte {
	out := map[string][]byte{}
	entries, _ := files.ReadDir("licenses")
	for _, e := range entries {
		b, _ := files.ReadFile(path.Join("licenses", e.Name()))
		out[e.Name()] = b
	}
	return out
}

// ErrNotFont is returned by Load for data that is not a TrueType/OpenType font.
var ErrNotFont = errors.New("not a TrueType or OpenType font")

// Load parses a user's font file: TrueType or OpenType (TTF, OTF), or the
// first font of a collection (TTC), which is cut out of the collection so
// that it can be embedded on its own. name is used in reports, typically
// the file's base name. The font is checked completely (see validate): a
// damaged font is refused with the reason, as an error wrapping ErrNotFont.
func Load(name string, data []byte) (*Font, error) {
	which := ""
	if len(data) >= 4 && string(data[:4]) == "ttcf" {
		first, err := sfnt.FirstOfCollection(data)
		if err != nil {
			return nil, refuse(name, "%v (%v)", ErrNotFont, err)
		}
		data, which = first, "the collection's first font: "
	}
	face, err := validate(data)
	if err != nil {
		return nil, refuse(name, "%s%v", which, err)
	}
	f := &Font{Name: name, Family: name, Weight: Regular, Data: data}
	f.once.Do(func() { f.parsed = face.Font })
	f.full.Store(true)
	return f, nil
}

// WithUserFonts returns a registry whose chains start with fs, in order.
func (r *Registry) WithUserFonts(fs ...*Font) *Registry {
	return &Registry{user: append(append([]*Font(nil), r.user...), fs...), families: r.families}
}

// Family returns the font of family fam nearest to weight w, or nil.
func (r *Registry) Family(fam string, w Weight) *Font {
	if r == nil {
		return nil
	}
	var best *Font
	for _, f := range r.families[fam] {
		if best == nil || abs(int(f.Weight-w)) < abs(int(best.Weight-w)) ||
			(abs(int(f.Weight-w)) == abs(int(best.Weight-w)) && f.Weight > best.Weight) {
			best = f
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Chain returns the fonts to try, in order, for text of script s in a style
// of role and weight: the user's fonts, the script's own family, then the
// last-resort families. Chains never contain the same font twice.
func (r *Registry) Chain(s language.Script, role Role, w Weight) []*Font {
	if r == nil {
		return nil
	}
	var fams []string
	switch s {
	case language.Arabic:
		if role == Display {
			fams = []string{NotoKufiArabic, NotoNaskhArabic}
		} else {
			fams = []string{NotoNaskhArabic, NotoKufiArabic}
		}
	case language.Han, language.Hiragana, language.Katakana, language.Bopomofo:
		fams = []string{NotoSansSC}
	case language.Latin, language.Greek, language.Cyrillic:
		fams = []string{NotoSans}
	}
	chain := append([]*Font(nil), r.user...)
	seen := map[*Font]bool{}
	for _, f := range chain {
		seen[f] = true
	}
	for _, fam := range append(fams, lastResort...) {
		if f := r.Family(fam, w); f != nil && !seen[f] {
			seen[f] = true
			chain = append(chain, f)
		}
	}
	return chain
}

// Suggest names a font family that covers r, for error messages: one of
// the registry's families, or a Noto family known to cover its script; ""
// if none is known.
func (reg *Registry) Suggest(r rune) string {
	for _, fam := range []string{NotoSans, NotoSansSC, NotoNaskhArabic, NotoSymbols2, NotoMath, NotoEmoji} {
		if f := reg.Family(fam, Regular); f != nil && f.Covers(r) {
			return fam
		}
	}
	s := language.LookupScript(r)
	if fam, ok := notoByScript[s]; ok {
		return fam
	}
	if name, ok := scriptNames[s.String()]; ok {
		return "Noto Sans " + name
	}
	return ""
}

// notoByScript names the Noto family for scripts whose family name is not
// simply "Noto Sans " + the script's name.
var notoByScript = map[language.Script]string{
	language.Hangul:   "Noto Sans KR",
	language.Hiragana: "Noto Sans JP",
	language.Katakana: "Noto Sans JP",
	language.Han:      NotoSansSC,
}

// scriptNames spells out ISO 15924 codes as Noto family names use them.
var scriptNames = map[string]string{
	"Deva": "Devanagari", "Beng": "Bengali", "Guru": "Gurmukhi", "Gujr": "Gujarati",
	"Orya": "Oriya", "Taml": "Tamil", "Telu": "Telugu", "Knda": "Kannada",
	"Mlym": "Malayalam", "Sinh": "Sinhala", "Thai": "Thai", "Laoo": "Lao",
	"Khmr": "Khmer", "Mymr": "Myanmar", "Tibt": "Tibetan", "Hebr": "Hebrew",
	"Ethi": "Ethiopic", "Geor": "Georgian", "Armn": "Armenian", "Syrc": "Syriac",
	"Thaa": "Thaana", "Nkoo": "NKo", "Tfng": "Tifinagh", "Cher": "Cherokee",
	"Mong": "Mongolian", "Cans": "Canadian Aboriginal", "Vaii": "Vai", "Adlm": "Adlam",
}
