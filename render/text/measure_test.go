package text

import (
	"fmt"
	"testing"

	"posterkit/fonts"
)

// TestMeasureMatchesLayout: copy-fitting decides on measure's extent and
// returns Layout's lines, so the two must agree exactly, in every script
// and direction, with trailing spaces, empty paragraphs and letter spacing.
func TestMeasureMatchesLayout(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, c := range []struct {
		lang, text string
		st         Style
	}{
		{"en", "Protecting children in cyberspace   \n\nWorld Telecommunication Day ", Style{Role: fonts.Display, Weight: fonts.Black}},
		{"en", "In 2009, ITU is calling on policy makers, regulators, operators and industry", Style{Role: fonts.Text, LetterSpacing: 0.05}},
		{"ar", "في عام 2009، يدعو الاتحاد الدولي للاتصالات (ITU) واضعي السياسات \nحماية الأطفال ", Style{Role: fonts.Text}},
		{"ar", " ITU يدعو 2009 ", Style{Role: fonts.Display, Weight: fonts.Bold}},
		// Runs that end the line logically but not visually.
		{"ar", "حماية الأطفال ITU 2009 ", Style{Role: fonts.Text}},
		{"ar", "حماية الأطفال (ITU 2009) ", Style{Role: fonts.Text}},
		{"en", "Protecting children حماية الأطفال 2009 ", Style{Role: fonts.Text}},
		{"zh", "2009年，国际电联呼吁决策机构、监管机构、运营商及全行业携手努力，为儿童营造安全的网络环境。", Style{Role: fonts.Text}},
		{"th", "การคุ้มครองเด็กในโลกไซเบอร์ ปี 2009", Style{Role: fonts.Text}},
		{"en", mixedText(3000), Style{Role: fonts.Text}},
		// Hyphens drawn at breaks, soft and found, and balanced lines.
		{"en", "Telecommunication organisations super\u00adcali\u00adfragilistic information", Style{Role: fonts.Text, Hyphenate: true}},
		{"ru", "Всемирный день электросвязи и информационного общества", Style{Role: fonts.Display, Hyphenate: true, Balance: true, LetterSpacing: 0.02}},
	} {
		b, err := e.Shape(c.text, c.lang, c.st)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []float64{7, 12.3, 30, 125} {
			for _, w := range []float64{40, 123.4, 400, 1e4} {
				t.Run(fmt.Sprintf("%s/%.12s/%gpt/%gpt", c.lang, c.text, size, w), func(t *testing.T) {
					f := e.Layout(b, size, w)
					want := extent{lines: len(f.Lines), lineHeight: f.LineHeight, height: f.Height, maxWidth: f.MaxWidth}
					if got := e.measure(b, size, w); got != want {
						t.Errorf("measure gives %+v, Layout %+v", got, want)
					}
				})
			}
		}
	}
}
