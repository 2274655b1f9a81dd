package template

import "fmt"

// Align is a frame's horizontal alignment, in the paragraph's own
// direction: Start is the left edge for left-to-right text and the right
// edge for right-to-left text. The zero value is Start.
type Align uint8

const (
	Start Align = iota
	Center
	End
	Justify
)

var alignNames = [...]string{"start", "center", "end", "justify"}

func (a Align) String() string {
	if int(a) < len(alignNames) {
		return alignNames[a]
	}
	return fmt.Sprintf("Align(%d)", uint8(a))
}

// parseAlign reads "start", "center", "end" or "justify".
func parseAlign(s string) (Align, error) {
	for i, n := range alignNames {
		if s == n {
			return Align(i), nil
		}
	}
	return 0, fmt.Errorf("unknown alignment %q (want start, center, end or justify)", s)
}

// VAlign is a frame's vertical alignment. The zero value is Top.
type VAlign uint8

const (
	Top VAlign = iota
	Middle
	Bottom
)

var valignNames = [...]string{"top", "middle", "bottom"}

func (v VAlign) String() string {
	if int(v) < len(valignNames) {
		return valignNames[v]
	}
	return fmt.Sprintf("VAlign(%d)", uint8(v))
}

// parseVAlign reads "top", "middle" or "bottom".
func parseVAlign(s string) (VAlign, error) {
	for i, n := range valignNames {
		if s == n {
			return VAlign(i), nil
		}
	}
	return 0, fmt.Errorf("unknown vertical alignment %q (want top, middle or bottom)", s)
}
