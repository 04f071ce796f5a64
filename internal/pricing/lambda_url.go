package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// LambdaFunctionURL is a month of requests through Lambda function URLs, a
// function's own HTTPS endpoint, which AWS does not charge for beyond the
// function's requests and duration (the catalog's $0 entry says where).
type LambdaFunctionURL struct {
	Requests float64
}

// Bill prices the month.
func (x LambdaFunctionURL) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "lambda-function-url", "requests", "aws.lambda.function_url.requests", "front door: a Lambda function URL", "request", x.Requests)
}
