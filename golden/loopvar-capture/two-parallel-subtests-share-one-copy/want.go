package cases

import (
	"strings"
	"testing"
)

func runAll(t *testing.T, cases []string) {
	for _, tc := range cases {
		tc := tc
		t.Run(tc+"/upper", func(t *testing.T) {
			t.Parallel()
			if strings.ToUpper(tc) == "" {
				t.Fatal("empty")
			}
		})
		t.Run(tc+"/lower", func(t *testing.T) {
			t.Parallel()
			if strings.ToLower(tc) == "" {
				t.Fatal("empty")
			}
		})
	}
}
