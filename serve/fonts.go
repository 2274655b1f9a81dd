package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"

	"posterkit/fonts"
)

// fontStore keeps the fonts translators upload, in memory only, by the
// SHA-256 of their bytes; the oldest are dropped past maxStoredFonts or
// maxStoredFontBytes. Safe for concurrent use.
type fontStore struct {
	mu    sync.Mutex
	byID  map[string]*fonts.Font
	order []string // oldest first
	bytes int
}

func (st *fontStore) add(id string, f *fonts.Font) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.byID == nil {
		st.byID = map[string]*fonts.Font{}
	}
	if _, ok := st.byID[id]; ok {
		return
	}
	st.byID[id] = f
	st.order = append(st.order, id)
	st.bytes += len(f.Data)
	for len(st.order) > maxStoredFonts || st.bytes > maxStoredFontBytes && len(st.order) > 1 {
		old := st.order[0]
		st.order = st.order[1:]
		st.bytes -= len(st.byID[old].Data)
		delete(st.byID, old)
	}
}

func (st *fontStore) get(id string) *fonts.Font {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.byID[id]
}

// errFontGone is answered with 409: the page uploads the font again.
var errFontGone = errors.New("serve: the server no longer has this font (it keeps the last few); upload it again")

// registry returns the bundled fonts with the user's fonts ids in front.
func (s *Server) registry(ids []string) (*fonts.Registry, error) {
	reg := fonts.Default()
	if len(ids) == 0 {
		return reg, nil
	}
	if len(ids) > maxFontsPerRequest {
		return nil, fmt.Errorf("serve: %d fonts; at most %d", len(ids), maxFontsPerRequest)
	}
	var user []*fonts.Font
	for _, id := range ids {
		f := s.fonts.get(id)
		if f == nil {
			return nil, fmt.Errorf("%w: font %.12s", errFontGone, id)
		}
		user = append(user, f)
	}
	return reg.WithUserFonts(user...), nil
}

type fontAnswer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int    `json:"bytes"`
}

// uploadFont reads a TrueType or OpenType font (the body; ?name= its file
// name) and keeps it in memory. fonts.Load checks it completely: a file
// that is not a sound font is refused with the reason.
func (s *Server) uploadFont(w http.ResponseWriter, r *http.Request) {
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("name"), `\`, "/"))
	if name == "." || name == "/" || len(name) > maxIDLen {
		name = "font"
	}
	data, ok := readBody(w, r, maxFontUpload, "font")
	if !ok {
		return
	}
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	var f *fonts.Font
	var err error
	if !s.run(w, r, false, checkTimeout, func() error {
		f, err = fonts.Load(name, data)
		return nil
	}) {
		return
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "%v", err)
		return
	}
	s.fonts.add(id, f)
	writeJSON(w, http.StatusOK, fontAnswer{ID: id, Name: name, Size: len(data)})
}
