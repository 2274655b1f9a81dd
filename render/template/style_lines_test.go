package template

import (
	"strings"
	"testing"
)

func TestStyleHyphenateAndBalanceAreOptIn(t *testing.T) {
	for _, c := range []struct {
		name, style        string
		hyphenate, balance bool
	}{
		{"default off", "{font: text, size: {min: 10, max: 20}}", false, false},
		{"hyphenate", "{font: text, size: {min: 10, max: 20}, hyphenate: true}", true, false},
		{"balance", "{font: text, size: {min: 10, max: 20}, balance: true}", false, true},
		{"both, explicit false", "{font: text, size: {min: 10, max: 20}, hyphenate: false, balance: true}", false, true},
	} {
		tp, err := load(t, strings.Replace(good, "{font: text, size: {min: 10, max: 20}}", c.style, 1))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		st := tp.Styles["s"]
		if st.Hyphenate != c.hyphenate || st.Balance != c.balance {
			t.Errorf("%s: hyphenate %v balance %v, want %v %v", c.name, st.Hyphenate, st.Balance, c.hyphenate, c.balance)
		}
	}
}

func TestStyleHyphenateMustBeABoolean(t *testing.T) {
	_, err := load(t, strings.Replace(good, "{font: text, size: {min: 10, max: 20}}", "{font: text, size: {min: 10, max: 20}, hyphenate: yes}", 1))
	want := `my-layout/layout.yaml:5: styles.s.hyphenate: want true or false, found "yes"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}
