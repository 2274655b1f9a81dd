package preflight

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWriteFuzzSeed writes the bundled poster's blank PDF as a fuzz seed
// when PREFLIGHT_WRITE_SEED is set.
func TestWriteFuzzSeed(t *testing.T) {
	if os.Getenv("PREFLIGHT_WRITE_SEED") == "" {
		t.Skip("set PREFLIGHT_WRITE_SEED=1 to rewrite testdata/fuzz/FuzzCheck/poster-blank")
	}
	pdfs, err := posterPDFs()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzCheck")
	os.MkdirAll(dir, 0o755)
	b := "go test fuzz v1\n[]byte(" + strconv.Quote(string(pdfs["blank"])) + ")\n"
	if err := os.WriteFile(filepath.Join(dir, "poster-blank"), []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
}
