package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	data, err := os.ReadFile("/tmp/probe/in.txt")
	if err != nil {
		t.Skip()
	}
	for i, src := range strings.Split(string(data), "\n=====\n") {
		files := map[string]string{"main.tf": src}
		if strings.HasPrefix(src, "{") {
			files = map[string]string{"main.tf.json": src}
		}
		p, diags := loadFiles(t, files, Options{})
		fmt.Printf("---- case %d\n", i)
		for _, tb := range p.Tables {
			fmt.Printf("table %s\n  SSE=%s %v %q\n  Enc=%s id=%q key=%q %q\n  PITR=%s %v %q\n  DP=%s %v\n  RepUnknown=%s %q\n", tb.Address,
				tb.SSEEnabled.State, tb.SSEEnabled.Value, tb.SSEEnabled.Reason,
				tb.Encryption.Kind, tb.Encryption.ID, tb.Encryption.KeyAddress, tb.Encryption.Reason,
				tb.PITR.State, tb.PITR.Value, tb.PITR.Reason, tb.DeletionProtection.State, tb.DeletionProtection.Value,
				tb.ReplicasUnknown.State, tb.ReplicasUnknown.Reason)
			for _, r := range tb.Replicas {
				b, _ := json.Marshal(r)
				fmt.Printf("  replica %s\n", b)
			}
		}
		for _, d := range diags {
			fmt.Printf("  diag: %v\n", d)
		}
	}
}
