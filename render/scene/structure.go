package scene

// TextRole says which text frame a glyph run belongs to and what the
// frame is in the document's structure, so a tagged PDF can give each
// frame one structure element, in reading order.
type TextRole struct {
	Frame string // the template frame's id; "" for text that is not a frame's (marks, guides)
	Role  string // "H1", "H2" or "P" (PDF standard structure types)
}
