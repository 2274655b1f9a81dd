package serve

import (
	"net/http"
	"path"
	"strings"

	"posterkit/translation"
)

// stringsAnswer is a strings file as /api/strings/read reads it.
type stringsAnswer struct {
	File         string            `json:"file"`
	Lang         string            `json:"lang,omitempty"`     // the file's own language, if it says
	Template     string            `json:"template,omitempty"` // the template it was made for, if it says
	Texts        map[string]string `json:"texts"`
	Untranslated []string          `json:"untranslated,omitempty"`
	Fuzzy        []string          `json:"fuzzy,omitempty"`
}

// readStrings reads an uploaded PO, XLIFF or YAML strings file (the body;
// ?name= its file name, whose extension says its format) with
// translation.Read, as posterkit check --strings does.
func (s *Server) readStrings(w http.ResponseWriter, r *http.Request) {
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("name"), `\`, "/"))
	if len(name) > maxIDLen {
		writeError(w, http.StatusBadRequest, "serve: file name longer than %d bytes", maxIDLen)
		return
	}
	data, ok := readBody(w, r, maxStringsUpload, "strings file")
	if !ok {
		return
	}
	res, err := translation.Read(name, data)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "%v", err)
		return
	}
	ans := stringsAnswer{File: name, Lang: res.Lang, Template: res.Layout, Texts: res.Strings.Text,
		Untranslated: res.Untranslated, Fuzzy: res.Fuzzy}
	writeJSON(w, http.StatusOK, ans)
}

// writeStrings writes the form's texts back as a filled PO or XLIFF 2.0
// file: the template's catalogue (sources, notes, reference) with the
// translations as msgstr or <target>.
func (s *Server) writeStrings(w http.ResponseWriter, r *http.Request) {
	j, ok := s.readJob(w, r)
	if !ok {
		return
	}
	cat, err := j.e.cat()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	var b strings.Builder
	var ctype, ext string
	switch j.req.Format {
	case "", "po":
		err, ctype, ext = translation.WritePOFor(&b, cat, j.req.Lang, j.req.Texts), "text/x-gettext-translation; charset=utf-8", ".po"
	case "xliff", "xlf":
		err, ctype, ext = translation.WriteXLIFFFor(&b, cat, j.req.Lang, j.req.Texts), "application/xliff+xml; charset=utf-8", ".xlf"
	default:
		writeError(w, http.StatusBadRequest, "serve: format %q: want po or xliff", j.req.Format)
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	attach(w, ctype, j.req.Lang+ext, []byte(b.String()))
}
