package main

import (
	"errors"
	"fmt"
	"io"

	"posterkit/batch"
)

// cmdManifest is posterkit manifest merge [--out DIR] DIR…: it joins the
// shard manifests of a campaign rendered on several machines.
func cmdManifest(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "merge" {
		fmt.Fprintln(stderr, "posterkit manifest: want 'posterkit manifest merge [--out DIR] DIR…'")
		return exitUsage
	}
	fl := newFlags("manifest merge", stderr)
	out := fl.String("out", "", "")
	dirs, err := parse(fl, args[1:])
	if err != nil {
		return exitUsage
	}
	if len(dirs) == 0 {
		fmt.Fprintln(stderr, "posterkit manifest merge: name the folders holding the shards' manifests (manifest-I-of-N.json)")
		return exitUsage
	}
	if *out == "" {
		*out = dirs[0]
	}
	m, err := batch.Merge(*out, dirs...)
	var me *batch.MergeError
	if errors.As(err, &me) {
		fmt.Fprintf(stderr, "posterkit manifest merge: the shards do not make a whole campaign (nothing written):\n")
		for _, p := range me.Problems {
			fmt.Fprintf(stderr, "  %s\n", printable(p))
		}
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "posterkit manifest merge: %v\n", errText(err))
		return exitFailed
	}
	fmt.Fprintf(stdout, "merged %d outputs → %s/%s and %s/%s\n", len(m.Outputs), *out, batch.ManifestName(batch.Shard{}), *out, batch.SumsName(batch.Shard{}))
	return exitOK
}
