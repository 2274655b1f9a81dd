package fonts

import "sort"

// Fonts lists the registry's fonts: the user's first, in the order they
// were given, then the embedded set's by family and weight. It is for a
// content hash of what a render can use (package batch): a registry's
// chains only ever pick from these.
func (r *Registry) Fonts() []*Font {
	out := append([]*Font(nil), r.user...)
	fams := make([]string, 0, len(r.families))
	for f := range r.families {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		out = append(out, r.families[f]...)
	}
	return out
}
