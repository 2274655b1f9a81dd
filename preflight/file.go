package preflight

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Limits on the file's structure.
const (
	// maxObjects is PDF's own limit on indirect objects (ISO 32000-1
	// Annex C: 8,388,607); a larger object number is damage.
	maxObjects = 8388607
	// maxUpdates bounds the /Prev chain of incremental updates: editors add
	// one section per save; hundreds means a loop or a hostile file.
	maxUpdates = 256
	// maxResolveDepth bounds chains of references resolved inside one
	// another (a stream's /Length in an object stream…).
	maxResolveDepth = 32
	// maxObjStmObjects bounds the objects one object stream may hold;
	// writers put about 100–200 in each.
	maxObjStmObjects = 1 << 20
)

type xrefEntry struct {
	typ    byte  // 1: at an offset; 2: in an object stream
	off    int64 // typ 1: byte offset; typ 2: the object stream's number
	gen    int   // typ 1: generation; typ 2: index in the object stream
	inXref bool
}

// file is a parsed PDF file: its cross-reference, trailer and an object
// cache. Not safe for concurrent use.
type file struct {
	data    []byte
	version string // from the header, "1.7"
	xref    map[int]xrefEntry
	trailer dict
	cache   map[int]object
	objStms map[int]*objStm
	busy    map[int]bool // objects being resolved, to break reference cycles
	depth   int
	// damage lists what was wrong with the file's structure; rebuilt is
	// true when the cross-reference had to be rebuilt by scanning.
	damage  []string
	rebuilt bool
	xrefStm bool // some section was a cross-reference stream
	objStm  bool // some object lives in an object stream
}

type objStm struct {
	data []byte
	offs []int // offset of each object, relative to data
	nums []int
}

var headerRE = regexp.MustCompile(`%PDF-(\d\.\d)`)

// open parses the file's structure. Only a file with no PDF header and no
// objects at all is an error; any other damage is recorded in f.damage and
// worked around as readers do.
func open(data []byte) (*file, error) {
	f := &file{data: data, xref: map[int]xrefEntry{}, cache: map[int]object{}, objStms: map[int]*objStm{}, busy: map[int]bool{}}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	m := headerRE.FindSubmatch(head)
	if m == nil {
		return nil, fmt.Errorf("not a PDF file: no %%PDF- header in the first 1024 bytes")
	}
	f.version = string(m[1])
	tail := data
	if len(tail) > 2048 {
		tail = tail[len(tail)-2048:]
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		f.note("the file does not end with %EOF: it is probably truncated (cut short while copying or uploading)")
	}
	if err := f.readXref(); err != nil {
		f.note("its cross-reference table is broken (" + err.Error() + ")")
		f.rebuild()
	}
	if _, ok := f.resolve(f.trailer["Root"]).(dict); !ok && !f.rebuilt {
		f.note("its cross-reference table does not lead to the document catalog")
		f.rebuild()
	}
	if _, ok := f.resolve(f.trailer["Root"]).(dict); !ok {
		why := ""
		if len(f.damage) > 0 {
			why = " (" + strings.Join(f.damage, "; ") + ")"
		}
		return nil, fmt.Errorf("no document catalog found%s: the file is too damaged to read", why)
	}
	return f, nil
}

// readXref follows startxref and the /Prev chain.
func (f *file) readXref() error {
	i := bytes.LastIndex(f.data, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("no startxref")
	}
	l := &lexer{b: f.data, pos: i + len("startxref")}
	tok, _, _ := l.token()
	off, ok := tok.(int64)
	if !ok || off < 0 || off >= int64(len(f.data)) {
		return fmt.Errorf("startxref points outside the file")
	}
	seen := map[int64]bool{}
	first := true
	for n := 0; ; n++ {
		if n >= maxUpdates {
			return fmt.Errorf("more than %d incremental updates", maxUpdates)
		}
		if seen[off] {
			return fmt.Errorf("the /Prev chain loops")
		}
		seen[off] = true
		tr, err := f.readSection(off)
		if err != nil {
			return err
		}
		if first {
			f.trailer = tr
			first = false
		}
		// A hybrid file's table trailer points to a stream with the
		// objects that only 1.5 readers see (§7.5.8.4).
		if xs, ok := tr["XRefStm"].(int64); ok && xs > 0 && xs < int64(len(f.data)) && !seen[xs] {
			seen[xs] = true
			if _, err := f.readSection(xs); err != nil {
				return err
			}
		}
		prev, ok := tr["Prev"].(int64)
		if !ok {
			return nil
		}
		if prev < 0 || prev >= int64(len(f.data)) {
			return fmt.Errorf("/Prev points outside the file")
		}
		off = prev
	}
}

// readSection reads one cross-reference section (a table or a stream)
// at off and returns its trailer dictionary. Entries already known (from
// a later update) win.
func (f *file) readSection(off int64) (dict, error) {
	l := &lexer{b: f.data, pos: int(off)}
	l.skipSpace()
	if bytes.HasPrefix(f.data[l.pos:], []byte("xref")) {
		l.pos += 4
		return f.readTable(l)
	}
	num, obj, err := f.parseIndirectAt(int64(l.pos))
	if err != nil {
		return nil, fmt.Errorf("no xref at byte %d: %v", off, err)
	}
	s, ok := obj.(*stream)
	if !ok || s.dict["Type"] != name("XRef") {
		return nil, fmt.Errorf("no xref at byte %d", off)
	}
	f.xrefStm = true
	_ = num
	return s.dict, f.readXrefStream(s)
}

func (f *file) readTable(l *lexer) (dict, error) {
	for {
		tok, ok, err := l.token()
		if err != nil || !ok {
			return nil, fmt.Errorf("the xref table is cut short")
		}
		if tok == keyword("trailer") {
			tr, err := l.object(true)
			if err != nil {
				return nil, fmt.Errorf("bad trailer: %v", err)
			}
			d, ok := tr.(dict)
			if !ok {
				return nil, fmt.Errorf("the trailer is not a dictionary")
			}
			return d, nil
		}
		start, ok1 := tok.(int64)
		tok, _, _ = l.token()
		count, ok2 := tok.(int64)
		if !ok1 || !ok2 || start < 0 || count < 0 || start+count > maxObjects {
			return nil, fmt.Errorf("bad subsection header at byte %d", l.pos)
		}
		for i := int64(0); i < count; i++ {
			l.skipSpace()
			// Each entry is "nnnnnnnnnn ggggg n" (20 bytes, §7.5.4); parse
			// by tokens to tolerate writers with wrong line ends.
			o, _, _ := l.token()
			g, _, _ := l.token()
			t, _, _ := l.token()
			ov, ok1 := o.(int64)
			gv, ok2 := g.(int64)
			if !ok1 || !ok2 || (t != keyword("n") && t != keyword("f")) {
				return nil, fmt.Errorf("bad entry for object %d", start+i)
			}
			num := int(start + i)
			if _, known := f.xref[num]; known {
				continue
			}
			if t == keyword("n") {
				f.xref[num] = xrefEntry{typ: 1, off: ov, gen: int(gv), inXref: true}
			} else {
				f.xref[num] = xrefEntry{typ: 0, inXref: true}
			}
		}
	}
}

func (f *file) readXrefStream(s *stream) error {
	data, err := f.decode(s)
	if err != nil {
		return fmt.Errorf("xref stream: %v", err)
	}
	w, ok := s.dict["W"].(array)
	if !ok || len(w) != 3 {
		return fmt.Errorf("xref stream without /W")
	}
	var ws [3]int
	rowLen := 0
	for i := range 3 {
		v, ok := w[i].(int64)
		if !ok || v < 0 || v > 8 {
			return fmt.Errorf("xref stream: bad /W")
		}
		ws[i] = int(v)
		rowLen += int(v)
	}
	if rowLen == 0 {
		return fmt.Errorf("xref stream: bad /W")
	}
	size, _ := s.dict["Size"].(int64)
	index := array{int64(0), size}
	if ix, ok := s.dict["Index"].(array); ok {
		index = ix
	}
	pos := 0
	for k := 0; k+1 < len(index); k += 2 {
		start, ok1 := index[k].(int64)
		count, ok2 := index[k+1].(int64)
		if !ok1 || !ok2 || start < 0 || count < 0 || start+count > maxObjects {
			return fmt.Errorf("xref stream: bad /Index")
		}
		for i := int64(0); i < count; i++ {
			if pos+rowLen > len(data) {
				return fmt.Errorf("xref stream: data cut short")
			}
			var field [3]int64
			for j := range 3 {
				for b := 0; b < ws[j]; b++ {
					field[j] = field[j]<<8 | int64(data[pos])
					pos++
				}
			}
			if ws[0] == 0 {
				field[0] = 1 // the default type (§7.5.8.2)
			}
			num := int(start + i)
			if _, known := f.xref[num]; known {
				continue
			}
			switch field[0] {
			case 0:
				f.xref[num] = xrefEntry{typ: 0, inXref: true}
			case 1:
				f.xref[num] = xrefEntry{typ: 1, off: field[1], gen: int(field[2]), inXref: true}
			case 2:
				f.xref[num] = xrefEntry{typ: 2, off: field[1], gen: int(field[2]), inXref: true}
				f.objStm = true
			}
		}
	}
	return nil
}

var objHeaderRE = regexp.MustCompile(`(?m)(\d{1,7})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b`)

// rebuild scans the whole file for "N G obj" as readers do when the
// cross-reference is broken; a later definition of an object wins. The
// trailer is the last "trailer" dictionary, or an xref stream's, or one
// built around the catalog found by scanning.
func (f *file) rebuild() {
	f.rebuilt = true
	f.xref = map[int]xrefEntry{}
	f.cache = map[int]object{}
	f.objStms = map[int]*objStm{}
	for _, m := range objHeaderRE.FindAllSubmatchIndex(f.data, maxObjects) {
		if m[0] > 0 && !isSpace(f.data[m[0]-1]) && !isDelim(f.data[m[0]-1]) {
			continue // the tail of a longer number
		}
		num, _ := strconv.Atoi(string(f.data[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(f.data[m[4]:m[5]]))
		f.xref[num] = xrefEntry{typ: 1, off: int64(m[0]), gen: gen}
	}
	var trailer dict
	if i := bytes.LastIndex(f.data, []byte("trailer")); i >= 0 {
		l := &lexer{b: f.data, pos: i + len("trailer")}
		if o, err := l.object(true); err == nil {
			trailer, _ = o.(dict)
		}
	}
	// Objects inside object streams are found through the streams.
	for num := range f.xref {
		o := f.get(num)
		s, ok := o.(*stream)
		if !ok {
			continue
		}
		switch s.dict["Type"] {
		case name("XRef"):
			if trailer == nil || trailer["Root"] == nil {
				trailer = s.dict
			}
		case name("ObjStm"):
			st, err := f.loadObjStm(num)
			if err != nil {
				continue
			}
			for i, n := range st.nums {
				if e, known := f.xref[n]; !known || e.typ == 2 {
					f.xref[n] = xrefEntry{typ: 2, off: int64(num), gen: i}
				}
			}
			f.objStm = true
		}
	}
	f.cache = map[int]object{}
	if trailer == nil {
		trailer = dict{}
	}
	if _, ok := f.resolve(trailer["Root"]).(dict); !ok {
		for num := range f.xref {
			if d, ok := f.get(num).(dict); ok && d["Type"] == name("Catalog") {
				trailer["Root"] = ref{num, f.xref[num].gen}
				break
			}
		}
	}
	f.trailer = trailer
}

// parseIndirectAt parses "N G obj … endobj" at off.
func (f *file) parseIndirectAt(off int64) (int, object, error) {
	if off < 0 || off >= int64(len(f.data)) {
		return 0, nil, fmt.Errorf("offset %d outside the file", off)
	}
	l := &lexer{b: f.data, pos: int(off)}
	t1, _, _ := l.token()
	t2, _, _ := l.token()
	t3, _, _ := l.token()
	num, ok1 := t1.(int64)
	_, ok2 := t2.(int64)
	if !ok1 || !ok2 || t3 != keyword("obj") {
		return 0, nil, fmt.Errorf("no object at byte %d", off)
	}
	o, err := l.object(true)
	if err != nil {
		return int(num), nil, fmt.Errorf("object %d: %v", num, err)
	}
	d, isDict := o.(dict)
	if !isDict {
		return int(num), o, nil
	}
	save := l.pos
	tok, _, _ := l.token()
	if tok != keyword("stream") {
		l.pos = save
		return int(num), d, nil
	}
	// The data starts after the end of line that follows "stream".
	p := l.pos
	if p < len(f.data) && f.data[p] == '\r' {
		p++
	}
	if p < len(f.data) && f.data[p] == '\n' {
		p++
	}
	s := &stream{dict: d, ref: ref{int(num), 0}}
	length := int64(-1)
	switch v := d["Length"].(type) {
	case int64:
		length = v
	case ref:
		if lv, ok := f.resolve(v).(int64); ok {
			length = lv
		}
	}
	if length >= 0 && int64(p)+length <= int64(len(f.data)) {
		end := p + int(length)
		rest := f.data[end:min(len(f.data), end+32)]
		if bytes.Contains(rest, []byte("endstream")) {
			s.raw = f.data[p:end]
			return int(num), s, nil
		}
	}
	// A wrong /Length: find endstream, as readers do.
	e := bytes.Index(f.data[p:], []byte("endstream"))
	if e < 0 {
		s.raw = f.data[p:]
		f.note(fmt.Sprintf("object %d: its stream has no end (endstream)", num))
	} else {
		raw := f.data[p : p+e]
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		s.raw = raw
		if length >= 0 {
			f.note(fmt.Sprintf("object %d: its stream's /Length is wrong", num))
		}
	}
	return int(num), s, nil
}

// note records damage once.
func (f *file) note(msg string) {
	for _, d := range f.damage {
		if d == msg {
			return
		}
	}
	if len(f.damage) < 20 { // a report lists the first problems, not thousands
		f.damage = append(f.damage, msg)
	}
}

// get returns object num, or nil when it is missing or unreadable.
func (f *file) get(num int) object {
	if o, ok := f.cache[num]; ok {
		return o
	}
	e, ok := f.xref[num]
	if !ok || f.busy[num] || f.depth > maxResolveDepth {
		return nil
	}
	f.busy[num] = true
	f.depth++
	defer func() { delete(f.busy, num); f.depth-- }()
	var o object
	switch e.typ {
	case 1:
		n, obj, err := f.parseIndirectAt(e.off)
		if err != nil || n != num {
			if !f.rebuilt && e.inXref {
				f.note(fmt.Sprintf("object %d is not where the cross-reference table says", num))
			}
			o = nil
		} else {
			o = obj
		}
		if s, ok := o.(*stream); ok {
			s.ref = ref{num, e.gen}
		}
	case 2:
		st, err := f.loadObjStm(int(e.off))
		if err == nil && e.gen >= 0 && e.gen < len(st.offs) && st.nums[e.gen] == num {
			l := &lexer{b: st.data, pos: st.offs[e.gen]}
			o, _ = l.object(true)
		} else if err == nil {
			for i, n := range st.nums { // a wrong index: look the number up
				if n == num {
					l := &lexer{b: st.data, pos: st.offs[i]}
					o, _ = l.object(true)
					break
				}
			}
		}
	}
	f.cache[num] = o
	return o
}

func (f *file) loadObjStm(num int) (*objStm, error) {
	if st, ok := f.objStms[num]; ok {
		if st == nil {
			return nil, fmt.Errorf("object stream %d is unreadable", num)
		}
		return st, nil
	}
	f.objStms[num] = nil
	s, ok := f.get(num).(*stream)
	if !ok || s.dict["Type"] != name("ObjStm") {
		return nil, fmt.Errorf("object %d is not an object stream", num)
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, err
	}
	n, _ := f.resolve(s.dict["N"]).(int64)
	first, _ := f.resolve(s.dict["First"]).(int64)
	if n < 0 || n > maxObjStmObjects || first < 0 || first > int64(len(data)) {
		return nil, fmt.Errorf("object stream %d: bad /N or /First", num)
	}
	st := &objStm{data: data}
	l := &lexer{b: data[:first]}
	for i := int64(0); i < n; i++ {
		a, _, _ := l.token()
		b, _, _ := l.token()
		on, ok1 := a.(int64)
		oo, ok2 := b.(int64)
		if !ok1 || !ok2 || oo < 0 || first+oo > int64(len(data)) {
			break
		}
		st.nums = append(st.nums, int(on))
		st.offs = append(st.offs, int(first+oo))
	}
	f.objStms[num] = st
	return st, nil
}

// resolve follows a reference (and only a reference); anything else is
// returned as it is.
func (f *file) resolve(o object) object {
	for range maxResolveDepth {
		r, ok := o.(ref)
		if !ok {
			return o
		}
		o = f.get(r.num)
	}
	return nil
}

func (f *file) dict(o object) dict {
	switch v := f.resolve(o).(type) {
	case dict:
		return v
	case *stream:
		return v.dict
	}
	return nil
}

func (f *file) num(o object) (float64, bool) {
	switch v := f.resolve(o).(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}
