# What a new user writes first: a key pair, a web security group, three web
# servers in a subnet with tags and user data, an EBS-backed database server,
# and an Elastic IP. Applied against Stratus by e2e/terraform.spec.ts with the
# unmodified hashicorp/aws provider.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "public_key" { type = string }
variable "prefix" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    ec2 = var.endpoint
    sts = var.endpoint
  }
}

data "aws_subnet" "a" {
  availability_zone = "us-east-1a"
  default_for_az    = true
}

resource "aws_key_pair" "deployer" {
  key_name   = "${var.prefix}-deployer"
  public_key = var.public_key
  tags       = { Owner = "terraform" }
}

resource "aws_security_group" "web" {
  name        = "${var.prefix}-web"
  description = "Web servers"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = { Name = "${var.prefix}-web" }
}

resource "aws_instance" "web" {
  count                  = 3
  ami                    = "ami-f937d290"
  instance_type          = "m1.small"
  key_name               = aws_key_pair.deployer.key_name
  subnet_id              = data.aws_subnet.a.id
  vpc_security_group_ids = [aws_security_group.web.id]
  user_data              = "#!/bin/sh\necho hello from web ${count.index}\n"

  tags = {
    Name = "${var.prefix}-web-${count.index}"
    Role = "web"
  }
}

resource "aws_instance" "db" {
  ami                     = "ami-a6c13bcf"
  instance_type           = "m1.large"
  key_name                = aws_key_pair.deployer.key_name
  vpc_security_group_ids  = [aws_security_group.web.id]
  disable_api_termination = false

  root_block_device {
    volume_size = 16
  }

  metadata_options {
    http_tokens = "required"
  }

  tags        = { Name = "${var.prefix}-db" }
  volume_tags = { Backup = "daily" }
}

resource "aws_eip" "web" {
  domain   = "vpc"
  instance = aws_instance.web[0].id
  tags     = { Name = "${var.prefix}-web-ip" }
}

output "web_ids" { value = aws_instance.web[*].id }
output "db_id" { value = aws_instance.db.id }
output "eip" { value = aws_eip.web.public_ip }
output "subnet" { value = data.aws_subnet.a.id }
