package fonts

import _ "embed"

// The embedded font files, one variable each: a []byte variable points at
// the file in the binary's data, where embed.FS.ReadFile would copy it
// (37 MB, a tenth of a second, at every start). The pages are read from
// the executable only when touched, so a PDF that uses no CJK glyph never
// reads most of Noto Sans SC. The slices must not be written to.
var (
	//go:embed NotoEmoji-Regular.ttf
	notoEmojiRegular []byte
	//go:embed NotoKufiArabic-Black.ttf
	notoKufiArabicBlack []byte
	//go:embed NotoKufiArabic-Bold.ttf
	notoKufiArabicBold []byte
	//go:embed NotoKufiArabic-Regular.ttf
	notoKufiArabicRegular []byte
	//go:embed NotoNaskhArabic-Bold.ttf
	notoNaskhArabicBold []byte
	//go:embed NotoNaskhArabic-Regular.ttf
	notoNaskhArabicRegular []byte
	//go:embed NotoSans-Black.ttf
	notoSansBlack []byte
	//go:embed NotoSans-Bold.ttf
	notoSansBold []byte
	//go:embed NotoSans-Regular.ttf
	notoSansRegular []byte
	//go:embed NotoSansMath-Regular.ttf
	notoSansMathRegular []byte
	//go:embed NotoSansSC-Black.ttf
	notoSansSCBlack []byte
	//go:embed NotoSansSC-Bold.ttf
	notoSansSCBold []byte
	//go:embed NotoSansSC-Regular.ttf
	notoSansSCRegular []byte
	//go:embed NotoSansSymbols2-Regular.ttf
	notoSansSymbols2Regular []byte
)

// embedded maps each embedded font's file name, without extension, to its bytes.
var embedded = map[string][]byte{
	"NotoEmoji-Regular":        notoEmojiRegular,
	"NotoKufiArabic-Black":     notoKufiArabicBlack,
	"NotoKufiArabic-Bold":      notoKufiArabicBold,
	"NotoKufiArabic-Regular":   notoKufiArabicRegular,
	"NotoNaskhArabic-Bold":     notoNaskhArabicBold,
	"NotoNaskhArabic-Regular":  notoNaskhArabicRegular,
	"NotoSans-Black":           notoSansBlack,
	"NotoSans-Bold":            notoSansBold,
	"NotoSans-Regular":         notoSansRegular,
	"NotoSansMath-Regular":     notoSansMathRegular,
	"NotoSansSC-Black":         notoSansSCBlack,
	"NotoSansSC-Bold":          notoSansSCBold,
	"NotoSansSC-Regular":       notoSansSCRegular,
	"NotoSansSymbols2-Regular": notoSansSymbols2Regular,
}
