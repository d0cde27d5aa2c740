package plan

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// writePlan writes a plan in the shape of `terraform show -json` of n
// resource changes, one in ten a table (in modules for a third of them),
// the others EC2 instances with large attributes, on one line as Terraform
// writes it.
func writePlan(w io.Writer, n int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, `{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[`)
	for i := range n {
		if i > 0 {
			_ = bw.WriteByte(',')
		}
		module := ""
		if i%3 == 0 {
			module = fmt.Sprintf(`module.svc["m%d"]`, i%50)
		}
		typ, name, values := "aws_instance", fmt.Sprintf("i%d", i), instanceValues(i)
		if i%10 == 0 {
			typ, name = "aws_dynamodb_table", fmt.Sprintf("t%d", i)
			values = fmt.Sprintf(`{"arn":"arn:aws:dynamodb:eu-west-1:111122223333:table/t%d","billing_mode":"PAY_PER_REQUEST",`+
				`"deletion_protection_enabled":false,"hash_key":"id","name":"t%d","point_in_time_recovery":[{"enabled":%t}],`+
				`"replica":[],"server_side_encryption":[],"stream_enabled":false,"tags":{"team":"x"}}`, i, i, i%2 == 0)
		}
		address := typ + "." + name
		if module != "" {
			address = module + "." + address
		}
		fmt.Fprintf(bw, `{"address":%s,"module_address":%s,"mode":"managed","type":%q,"name":%q,`+
			`"provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["update"],"before":%s,"after":%s,`+
			`"after_unknown":{"tags_all":true},"before_sensitive":{},"after_sensitive":{}}}`,
			strconv.Quote(address), strconv.Quote(module), typ, name, values, values)
	}
	fmt.Fprint(bw, `],"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}},"root_module":{}}}`)
	return bw.Flush()
}

func instanceValues(i int) string {
	var tags []string
	for j := range 20 {
		tags = append(tags, fmt.Sprintf(`"k%d":"value-%d-%d"`, j, i, j))
	}
	return fmt.Sprintf(`{"ami":"ami-0123456789abcdef0","instance_type":"t3.micro","user_data":%q,"tags":{%s},`+
		`"ebs_block_device":[{"device_name":"/dev/sdf","volume_size":100,"encrypted":true}]}`,
		strings.Repeat(fmt.Sprintf("echo configuring host %d\n", i), 40), strings.Join(tags, ","))
}

// BenchmarkLoadLargePlan reads a generated plan as it is written. The
// number of resources is DYNAMOGUARD_PLAN_RESOURCES (default 2,000, about
// 7 MB; 60,000 make about 200 MB).
func BenchmarkLoadLargePlan(b *testing.B) {
	n := 2000
	if s := os.Getenv("DYNAMOGUARD_PLAN_RESOURCES"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			n = v
		}
	}
	for range b.N {
		r, w := io.Pipe()
		go func() { _ = w.CloseWithError(writePlan(w, n)) }()
		counted := &countingReader{r: r}
		proj, diags := Load("plan.json", counted, nil, terraform.Options{})
		if len(diags) > 0 || len(proj.DynamoDB.Tables) != (n+9)/10 {
			b.Fatalf("%d tables, diagnostics %v", len(proj.DynamoDB.Tables), diags)
		}
		b.SetBytes(counted.n)
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
