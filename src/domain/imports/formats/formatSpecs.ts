import type { FormatSpec, ImportFormat } from '../importFormat';
import { AWS_CUR } from './awsCur';
import { AZURE } from './azure';
import { FOCUS } from './focus';
import { OCI } from './oci';

export const FORMAT_SPECS: Readonly<Record<ImportFormat, FormatSpec>> = { focus: FOCUS, 'aws-cur': AWS_CUR, azure: AZURE, oci: OCI };
