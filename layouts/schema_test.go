package layouts

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// schemaLine is the first line of every bundled layout.yaml: editors with
// the YAML language server check the file against the schema as it is
// written.
const schemaLine = "# yaml-language-server: $schema=../layout.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile("layout.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("layout.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("layout.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSON decodes a YAML document into the values encoding/json would
// give for the same document written as JSON.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestBundledLayoutsMatchTheSchema(t *testing.T) {
	s := compileSchema(t)
	for _, name := range Names() {
		data, err := fs.ReadFile(FS(), name+"/layout.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(data), "\n"); first != schemaLine {
			t.Errorf("%s: first line %q, want %q", name, first, schemaLine)
		}
		if err := s.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSchemaRefusesWhatTheLoaderRefuses keeps the schema from accepting
// anything: each case is a mistake the loader reports too.
func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	s := compileSchema(t)
	data, err := fs.ReadFile(FS(), Default+"/layout.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	for _, c := range []struct{ name, from, to string }{
		{"unknown field", "valign: top", "vlign: top"},
		{"bad unit", "w: 360, h: 146", "w: 360ft, h: 146"},
		{"bad colour", `color: "#ffffff"`, `color: "white"`},
		{"size without max", "size: {min: 40, max: 125}", "size: {min: 40}"},
		{"below without frame", "y: 88,", "y: {gap: 18},"},
		{"bad mirror", "source: en", "source: en\nmirror: left"},
		{"bad script key", "leading: 1.04", "leading: 1.04\n    by_script: {arabic: {leading: 1.2}}"},
		{"shape with two kinds", "- svg: cop-emblem.svg", "- svg: cop-emblem.svg\n    circle: {cx: 1, cy: 1, r: 1}"},
		{"svg with a fill", "- svg: cop-emblem.svg", "- svg: cop-emblem.svg\n    fill: \"#ffffff\""},
		{"svg box with w alone", "box: {x: 260, y: 256, w: 112, h: 112}", "box: {x: 260, y: 256, w: 112}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.from) {
				t.Fatalf("the bundled layout has no %q", c.from)
			}
			bad := strings.Replace(good, c.from, c.to, 1)
			if err := s.Validate(yamlToJSON(t, []byte(bad))); err == nil {
				t.Error("the schema accepts it")
			}
		})
	}
}
