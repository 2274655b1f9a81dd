package template

import (
	"errors"
	"fmt"
	"path"
	"sort"
)

// Strings are a language's texts by frame id, with their lines.
type Strings struct {
	File  string
	Text  map[string]string
	Lines map[string]int
}

// LoadStrings reads strings/<lang>.yaml of the layout.
func (t *Template) LoadStrings(lang string) (*Strings, error) {
	name := path.Join("strings", lang+".yaml")
	data, err := readLimited(t.fsys, name, maxFileSize)
	if err != nil {
		return nil, fmt.Errorf("%s: no strings for language %q", path.Join(t.dir, name), lang)
	}
	return ParseStrings(path.Join(t.dir, name), data)
}

// ParseStrings reads a strings file: a mapping of frame id to text.
func ParseStrings(file string, data []byte) (*Strings, error) {
	d := &decoder{file: file}
	root, err := d.parse(data)
	if err != nil {
		return nil, err
	}
	s := &Strings{File: file, Text: map[string]string{}, Lines: map[string]int{}}
	if len(root.Content) == 0 {
		return s, nil
	}
	m := d.mapping(root.Content[0], "")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // errors in a stable order
	for _, k := range keys {
		v := m[k]
		s.Text[k] = d.str(v, k)
		s.Lines[k] = v.Line
	}
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return s, nil
}
