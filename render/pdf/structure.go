package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"posterkit/render/scene"
)

// The page is a tagged PDF (ISO 32000-1 14.8; PDF/UA-1, ISO 14289-1):
// every drawing is either real content, in a marked-content sequence with
// an MCID that a structure element owns, or an artifact. The structure
// tree is Document → one element per text frame (H1, H2 or P as the scene
// says), in the scene's order, which is the template's frame order; then
// one Figure per image that has alt text. Inside a frame, text in another
// script than the frame's own (the Latin "ITU" or a URL in an Arabic
// paragraph) is a Span with its own /Lang, so a screen reader switches
// voice. Artwork and images without alt text are artifacts (decoration),
// printer's marks are /Page artifacts (ISO 32000-1 14.8.2.2.2: "cut
// marks and color bars") and guides /Layout artifacts.

// structElem is one structure element.
type structElem struct {
	role   string // standard structure type: Document, H1, H2, P, Span, Figure
	lang   string // "" inherits the parent's (the document's /Lang)
	alt    string
	parent *structElem
	kids   []structKid
	obj    int // object number, assigned when written
}

// structKid is a marked-content sequence (mcid ≥ 0) or an element.
type structKid struct {
	mcid int
	elem *structElem
}

// tagger builds the structure tree while the content stream is written.
type tagger struct {
	frames   map[string]*structElem
	order    []*structElem // frame elements in order of first content
	figures  []*structElem
	parents  []*structElem // MCID → the element owning it (the page's parent tree entry)
	script   map[string]*unicode.RangeTable
	inRun    bool
	cur      *structElem // the element owning the open sequence
	curFrame *structElem
	last     *structElem // the element owning the last sequence
	single   bool        // the open sequence is one unit's (next's alone)
}

// scriptLangs are the scripts a Span is tagged in when they appear in a
// frame written in another, with the language the bundled texts use them
// for; a script not listed (and so its language unknown) stays untagged.
var scriptLangs = []struct {
	script *unicode.RangeTable
	lang   string
}{
	{unicode.Latin, "en"}, // the URLs, "ITU" and "COP" of the bundled texts
	{unicode.Arabic, "ar"},
	{unicode.Hebrew, "he"},
	{unicode.Cyrillic, "ru"},
	{unicode.Greek, "el"},
	{unicode.Han, "zh"},
	{unicode.Devanagari, "hi"},
	{unicode.Thai, "th"},
}

// scriptOf is the script of the first letter of s, nil for text without
// letters (spaces, digits, punctuation: they read in the language around them).
func scriptOf(s string) *unicode.RangeTable {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, sl := range scriptLangs {
			if unicode.Is(sl.script, r) {
				return sl.script
			}
		}
		return unicode.Common // a letter of a script not listed
	}
	return nil
}

func langOf(script *unicode.RangeTable) string {
	for _, sl := range scriptLangs {
		if sl.script == script {
			return sl.lang
		}
	}
	return ""
}

// newTagger finds each frame's own script: the one most of its letters
// are written in.
func newTagger(s *scene.Scene) *tagger {
	t := &tagger{frames: map[string]*structElem{}, script: map[string]*unicode.RangeTable{}}
	count := map[string]map[*unicode.RangeTable]int{}
	var frames []string
	for _, it := range s.Items {
		gr, ok := it.(*scene.GlyphRun)
		if !ok || gr.Text.Frame == "" {
			continue
		}
		c := count[gr.Text.Frame]
		if c == nil {
			c = map[*unicode.RangeTable]int{}
			count[gr.Text.Frame] = c
			frames = append(frames, gr.Text.Frame)
		}
		for _, g := range gr.Glyphs {
			for _, r := range g.Text {
				if sc := scriptOf(string(r)); sc != nil {
					c[sc]++
				}
			}
		}
	}
	for _, f := range frames {
		best := 0
		for _, sl := range append(scriptLangs, struct {
			script *unicode.RangeTable
			lang   string
		}{unicode.Common, ""}) { // in a fixed order, so ties are decided the same way
			if n := count[f][sl.script]; n > best {
				best, t.script[f] = n, sl.script
			}
		}
		// The page's language says it, where its script is known: a
		// Chinese footer may well have more Latin letters than Han.
		primary, _, _ := strings.Cut(s.Lang, "-")
		for _, sl := range scriptLangs {
			if sl.lang == primary && sl.script != unicode.Latin {
				t.script[f] = sl.script
			}
		}
	}
	return t
}

// altOf is the alternative text of an image or a group (an SVG drawing).
func altOf(it scene.Item) string {
	switch it := it.(type) {
	case *scene.Image:
		return it.Alt
	case *scene.Group:
		return it.Alt
	}
	return ""
}

// drawTagged draws the page's items, each as content or as an artifact.
func (d *doc) drawTagged(b *bytes.Buffer, items []scene.Item) {
	for _, it := range items {
		switch it := it.(type) {
		case *scene.GlyphRun:
			if it.Text.Frame != "" {
				d.drawItems(b, []scene.Item{it}) // glyphRun marks its text (next, endRun)
				continue
			}
		case *scene.Image, *scene.Group:
			if alt := altOf(it); alt != "" {
				mcid := len(d.tags.parents)
				fig := &structElem{role: "Figure", alt: alt, kids: []structKid{{mcid: mcid}}}
				d.tags.figures = append(d.tags.figures, fig)
				d.tags.parents = append(d.tags.parents, fig)
				fmt.Fprintf(b, "/Figure<</MCID %d>>BDC\n", mcid)
				d.drawItems(b, []scene.Item{it})
				b.WriteString("EMC\n")
				continue
			}
		}
		b.WriteString("/Artifact BMC\n")
		d.drawItems(b, []scene.Item{it})
		b.WriteString("EMC\n")
	}
}

// next returns what to write before a frame's unit of text: the start of
// a marked-content sequence (after closing the open one) when the unit
// starts the run or changes language, else "". Text of no frame is not
// marked here: it is drawn inside an artifact.
//
// alone gives the unit a sequence of its own, in the element its text would
// go on in, and makes the next unit start another: a unit with an
// ActualText, whose /Span goes inside the sequence. poppler's structure
// text (pdfinfo -struct-text) ends a sequence's text at the first EMC, so a
// /Span inside a longer sequence cut every Arabic line of the bundled
// poster after its first word; and poppler reads ActualText only from a
// /Span, not from the sequence's own property list.
func (t *tagger) next(gr *scene.GlyphRun, text string, alone bool) string {
	if t == nil || gr.Text.Frame == "" {
		return ""
	}
	frame := t.frames[gr.Text.Frame]
	if frame == nil {
		frame = &structElem{role: gr.Text.Role, lang: ""}
		if frame.role == "" {
			frame.role = "P"
		}
		t.frames[gr.Text.Frame] = frame
		t.order = append(t.order, frame)
	}
	owner := frame
	sc := scriptOf(text)
	fresh := alone || t.single // this unit, or the one before, is alone
	if sc == nil && t.inRun {
		if !fresh {
			return "" // spaces, digits and punctuation go on in the open sequence
		}
		owner = t.cur
	} else if sc == nil {
		// A run starting with them reads in the language of its first
		// letter; one without letters (the dots of a URL drawn in the
		// paragraph's font) goes on in the frame's last sequence.
		for _, g := range gr.Glyphs {
			if sc = scriptOf(g.Text); sc != nil {
				break
			}
		}
		if sc == nil && t.last != nil && t.curFrame == frame {
			owner = t.last
		}
	}
	if owner != frame {
		// the last sequence's element, already in the tree
	} else if sc != nil && sc != t.script[gr.Text.Frame] {
		if lang := langOf(sc); lang != "" {
			owner = &structElem{role: "Span", lang: lang, parent: frame}
		}
	}
	if t.inRun && !fresh && (owner == t.cur || owner.role == "Span" && t.cur.role == "Span" && owner.lang == t.cur.lang && t.cur.parent == frame) {
		return ""
	}
	var s strings.Builder
	if t.inRun {
		s.WriteString("EMC\n")
	}
	if owner != frame && owner != t.last {
		// Consecutive sequences in the same language share one Span.
		if n := len(frame.kids); n > 0 && frame.kids[n-1].elem != nil && frame.kids[n-1].elem.lang == owner.lang {
			owner = frame.kids[n-1].elem
		} else {
			frame.kids = append(frame.kids, structKid{mcid: -1, elem: owner})
		}
	}
	mcid := len(t.parents)
	owner.kids = append(owner.kids, structKid{mcid: mcid})
	t.parents = append(t.parents, owner)
	t.inRun, t.cur, t.curFrame, t.last, t.single = true, owner, frame, owner, alone
	fmt.Fprintf(&s, "/%s<</MCID %d>>BDC\n", owner.role, mcid)
	return s.String()
}

// endRun closes the run's open sequence.
func (t *tagger) endRun() string {
	if t == nil || !t.inRun {
		return ""
	}
	t.inRun, t.cur, t.single = false, nil, false
	return "EMC\n"
}

// writeStructure writes the structure tree of the page (object page) and
// returns the catalog's and the page's entries for it.
func (d *doc) writeStructure(page int) (catalog, pageEntries string) {
	t := d.tags
	ow := &d.ow
	root, top := ow.alloc(), &structElem{role: "Document"}
	for _, e := range append(append([]*structElem(nil), t.order...), t.figures...) {
		e.parent = top
		top.kids = append(top.kids, structKid{mcid: -1, elem: e})
	}
	var number func(e *structElem)
	number = func(e *structElem) {
		e.obj = ow.alloc()
		for _, k := range e.kids {
			if k.elem != nil {
				number(k.elem)
			}
		}
	}
	number(top)
	var write func(e *structElem, parent int)
	write = func(e *structElem, parent int) {
		var s strings.Builder
		fmt.Fprintf(&s, "<</Type/StructElem/S/%s/P %d 0 R/Pg %d 0 R", e.role, parent, page)
		if e.lang != "" {
			s.WriteString("/Lang" + textString(e.lang))
		}
		if e.alt != "" {
			s.WriteString("/Alt" + textString(e.alt))
		}
		s.WriteString("/K[")
		for i, k := range e.kids {
			if i > 0 {
				s.WriteByte(' ')
			}
			if k.elem != nil {
				fmt.Fprintf(&s, "%d 0 R", k.elem.obj)
			} else {
				fmt.Fprintf(&s, "%d", k.mcid)
			}
		}
		s.WriteString("]>>")
		ow.obj(e.obj, s.String())
		for _, k := range e.kids {
			if k.elem != nil {
				write(k.elem, e.obj)
			}
		}
	}
	write(top, root)
	var nums strings.Builder
	for i, e := range t.parents {
		if i > 0 {
			nums.WriteByte(' ')
		}
		fmt.Fprintf(&nums, "%d 0 R", e.obj)
	}
	ow.obj(root, fmt.Sprintf("<</Type/StructTreeRoot/K[%d 0 R]/ParentTree<</Nums[0[%s]]>>/ParentTreeNextKey 1>>", top.obj, nums.String()))
	return fmt.Sprintf("/MarkInfo<</Marked true>>/StructTreeRoot %d 0 R", root), "/StructParents 0/Tabs/S"
}
