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

// embeddedSHA256 is the SHA-256 of each embedded font file, so that the
// digest of the fonts a render uses (Font.SHA256, for incremental builds)
// costs no hashing of 37 MB, nor reading them, at every start.
// TestEveryFontFileEmbedded checks them against the files.
var embeddedSHA256 = map[string]string{
	"NotoEmoji-Regular":        "24aaa2a20c9c06ffe9bf04284bfd1f14376a329d10122f902abe2770817eb504",
	"NotoKufiArabic-Black":     "a8afb0d6f56e7e152d05616b309a36df333fd7b8a015ba9f52213a62fa427f7d",
	"NotoKufiArabic-Bold":      "8f3bc0809f22759c7e80e623fa4024d6bf2b7813b28c8a54593b85795a1f1b8f",
	"NotoKufiArabic-Regular":   "dc09ecfda83a30f5ce055a765fefb5ce2802311ab202ab2b0372664346fece97",
	"NotoNaskhArabic-Bold":     "35418f91100645a36e4d72d75866b61c5da14dc5ebbade64db434d2c9e76234c",
	"NotoNaskhArabic-Regular":  "706b4580c025f6c75ec1c06013e17f00a23ec1780091b77a5a5b339469bda94d",
	"NotoSans-Black":           "18ee64cb5a5a842f036857f771e3a35ba9708a6d13b047d573ead088682083b9",
	"NotoSans-Bold":            "13a813c49624ae3ba3c5c6e72c5ebffc4b9e1e6ea32f421c04069b037c6ad431",
	"NotoSans-Regular":         "fe8c022f48d8dd29f17b744d16f9346f4357e16f7d4f7be58b000ae7c291b614",
	"NotoSansMath-Regular":     "b4a1dfdbfa13b4755e5eac20cb25c1d17ed5a745ceb89639595e8cf45a2b1e07",
	"NotoSansSC-Black":         "2e4413c405bdf804f26571579b9b2dd8ea4732ea57a3b034f2467cad45a886e0",
	"NotoSansSC-Bold":          "9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96",
	"NotoSansSC-Regular":       "d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16",
	"NotoSansSymbols2-Regular": "f67f40c65f929f029827ab37cfdc4897dfd9ae3c28d9e98ba46e0d52e39eb97e",
}
