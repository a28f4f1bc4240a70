/** The CSDL namespace of the hub's model: entity types are `CommonTime.Contact`, the container `CommonTime.Container`. */
export const NAMESPACE = 'CommonTime';
export const CONTAINER = 'Container';
/**
 * CSDL 4.0: the model uses nothing of 4.01, and Power BI, Excel and the
 * common client generators read 4.0 documents most reliably.
 */
export const CSDL_VERSION = '4.0';
export const CORE_VOCABULARY = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml';
