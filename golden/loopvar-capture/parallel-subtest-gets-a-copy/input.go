package cases

import "testing"

func runAll(t *testing.T, cases []string) {
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			t.Parallel()
			if tc == "" {
				t.Fatal("empty")
			}
		})
	}
}
