//go:build tools

// Package deps pins the modules that the articles' Go examples import, so that
// go.mod and go.sum hold them at the versions the content check builds against.
// The build tag keeps it out of ordinary builds; go mod tidy still sees it.
package deps

import (
	_ "cloud.google.com/go/spanner"
	_ "github.com/aws/aws-lambda-go/events"
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/aws/aws-sdk-go-v2/aws"
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	_ "github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	_ "github.com/aws/aws-sdk-go-v2/service/athena"
	_ "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/aws/smithy-go"
	_ "golang.org/x/exp/trace"
)
